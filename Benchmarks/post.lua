-- wrk script: POST the same JSON body on every request (keep-alive).
-- The body comes from the file named by WRK_BODY_FILE; Content-Type from WRK_CONTENT_TYPE
-- (default application/json). Any non-2xx answer is counted by wrk as "Non-2xx or 3xx responses".
local path = os.getenv("WRK_BODY_FILE")
if path == nil then error("set WRK_BODY_FILE to the request body file") end
local f = assert(io.open(path, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE") or "application/json"
wrk.headers["Authorization"] =
  "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261128/us-east-1/ses/aws4_request, " ..
  "SignedHeaders=content-type;host;x-amz-date, Signature=0000"

-- WRK_UNIQUE_IDS=1: the first query's "Id":"q1" becomes "Id":"u<n>", n counting requests, so no two
-- bodies are the same and none is answered from memory (the emulator's remembered answers).
if os.getenv("WRK_UNIQUE_IDS") then
  local n = 0
  local before, after = body:match('^(.-"Id":")q1(".*)$')
  if before == nil then error('WRK_UNIQUE_IDS: the body has no "Id":"q1"') end
  request = function()
    n = n + 1
    return wrk.format(nil, nil, nil, before .. "u" .. n .. after)
  end
end
