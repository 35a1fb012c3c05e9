// Tests never reach the network: only loopback is allowed. Suites that use nock
// call nock.disableNetConnect() themselves; this guard covers plain sockets too.
import net from 'node:net';

const originalConnect = net.Socket.prototype.connect;
const loopback = new Set(['127.0.0.1', '::1', 'localhost', undefined, '']);
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string;
  let host: string | undefined;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    if (first.path) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    host = first.host;
  } else if (typeof args[1] === 'string') {
    host = args[1];
  }
  if (!loopback.has(host)) {
    throw new Error(`shipgate tests keep the network off: refused a connection to ${host}`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
