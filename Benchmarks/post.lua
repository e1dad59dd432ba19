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
