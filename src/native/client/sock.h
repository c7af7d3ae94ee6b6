/* A unix socket's connection and whole writes: what the attach client and the command forwarding
 * both do with the home's socket (and the client with its terminal). */
#ifndef BOTSTER_SOCK_H
#define BOTSTER_SOCK_H
#include <stddef.h>

/* A connected stream socket to PATH (close-on-exec), or -1. */
int connect_to(const char *path);
/* Writes all of DATA to FD (a non-blocking one is waited for); 1 once written, 0 when FD is gone. */
int write_all(int fd, const void *data, size_t len);

#endif
