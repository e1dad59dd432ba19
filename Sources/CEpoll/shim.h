#ifndef CEPOLL_SHIM_H
#define CEPOLL_SHIM_H
// Linux readiness and wake-up calls the Glibc module does not import.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4 is declared only under _GNU_SOURCE, which the Glibc module is built without.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags);

// epoll_event is packed on x86_64; Swift reaches its union through these.
static inline struct epoll_event cepoll_event(uint32_t events, uint64_t token) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return event;
}
static inline uint64_t cepoll_token(const struct epoll_event *event) { return event->data.u64; }
#endif
