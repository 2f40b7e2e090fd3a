import type { Server } from 'node:http';

/**
 * Leaves closing idle keep-alive connections to the client. The stand-ins run in the same
 * process as their callers (tests, the handlers' SDK clients). When that process's event loop
 * stalls for longer than the server's idle timeout (a loaded machine, a long synchronous loop),
 * the server's overdue timer can close a socket just as the client reuses it for its next
 * request, which then fails with ECONNRESET. A client never reuses a socket it has closed
 * itself, so the race disappears. `server.close()` still closes idle connections.
 */
export function keepIdleConnections<T extends Server>(server: T): T {
  server.keepAliveTimeout = 0;
  return server;
}
