/* Inside a box with network: 127.0.0.1:PORT of the box's own network namespace carried to the hub's
 * proxy, a unix socket (src/box/box-net.ts, src/server/box-proxy.ts). */
#ifndef BOTSTER_BOX_NET_H
#define BOTSTER_BOX_NET_H

/* `--box-net PORT SOCKET`: listens, then goes to the background and returns 0 (the port is ready
 * before the box's command line goes on to exec its CLI); non-zero: it could not listen. */
int box_net(const char *port, const char *socket_path);

#endif
