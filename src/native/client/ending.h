/* How an attached session ends: the terminal restored and why said, or the client run again. */
#ifndef BOTSTER_ENDING_H
#define BOTSTER_ENDING_H

/* Closes the connection, restores the terminal, says MESSAGE (if any) and exits with CODE. */
void finish(int code, const char *message);
/* The server went away (WHY: lost, crashed, restart): this client runs itself again to attach to
 * the next one; returns only when the keepers are off. */
void reattach(const char *why);
/* The server went away without a word: reattach, or say why it ended and its last words. */
void lost(void);

#endif
