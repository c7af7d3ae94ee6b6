/* Who is at the other end of a hub server's control connection (SO_PEERCRED): node has no call for it. */
#ifndef BOTSTER_PEER_CRED_H
#define BOTSTER_PEER_CRED_H

/* `--peer-cred`: fd 3's peer, printed as "PID UID". */
int peer_cred(void);
/* `--peer-cred-server`: each socket the parent hands over its IPC channel, answered for as long as it runs. */
int peer_cred_server(void);

#endif
