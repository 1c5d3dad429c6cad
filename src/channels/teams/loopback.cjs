/**
 * Preloaded into the Agents Playground's process (node --require): the playground has no option
 * for the address it listens on and takes every interface, which would let anyone on the
 * network act as any playground persona against the local bot. A server that names no
 * address is kept on 127.0.0.1 instead.
 */
'use strict';
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') {
      if (args.length > 1 && (args[1] === undefined || args[1] === null)) args[1] = LOOPBACK;
      else args.splice(1, 0, LOOPBACK);
    }
  } else if (first && typeof first === 'object' && !(first instanceof net.Server) && first.path === undefined && first.host === undefined && first.fd === undefined && first.handle === undefined) {
    args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
