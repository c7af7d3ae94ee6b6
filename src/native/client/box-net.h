/* Inside a box with network: 127.0.0.1:PORT of the box's own network namespace carried to the hub's
 * proxy, a unix socket (src/box/box-net.ts, src/server/box-proxy.ts). */
#ifndef BOTSTER_BOX_NET_H
#define BOTSTER_BOX_NET_H

/* `--box-net PORT SOCKET [FORWARDS]`: listens, then goes to the background and returns 0 (the
 * ports are ready before the box's command line goes on to exec its CLI); non-zero: it could not
 * listen. FORWARDS: ports (comma-separated) of 127.0.0.1 inside the box carried to the same port
 * of yours through the proxy (a model or gateway on your loopback, when the allow list names it). */
int box_net(const char *port, const char *socket_path, const char *forwards);

#endif
