/* What the native client's files share: the command line it was given, the home and its socket
 * (resolved in client.c), and the connection once made. */
#ifndef BOTSTER_CLIENT_H
#define BOTSTER_CLIENT_H
#include <sys/stat.h>

extern const char *sock_path, *home, *js;
extern int user_argc;
extern char **user_argv;
extern int sock;
/* Reattaching (BOTSTER_REATTACH: this client lost its server and executed itself again): why, and
 * the view the server last said it shows (BOTSTER_VIEW, its VIEW's JSON), for the HELLO. */
extern const char *reattach_why;
extern char *view_json;
extern struct stat sock_st; /* the socket we connected to: a handed-over server makes another */

#endif
