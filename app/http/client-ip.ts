/**
 * The client address the HTTP server saw (after TRUST_PROXY), handed to loaders and actions in a
 * request header that only the server sets: it overwrites whatever a client sent under that name.
 */
export const CLIENT_IP_HEADER = "x-golive-client-ip";

export function clientIp(request: Request) {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
