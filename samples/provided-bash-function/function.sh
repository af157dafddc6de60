# The function: an API Gateway (or function URL) handler that logs a line and answers JSON.
# $1 is the event; what it prints to stdout is the response.
handler() {
    path=$(printf '%s' "$1" | sed -n 's/.*"rawPath" *: *"\([^"]*\)".*/\1/p; s/.*"path" *: *"\([^"]*\)".*/\1/p' | head -n 1)
    echo "handling ${path:-an event}" >&2
    printf '{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\\"path\\":\\"%s\\",\\"runtime\\":\\"provided\\"}"}' "${path:-}"
}
