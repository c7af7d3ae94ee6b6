/* Attached: the loop that carries keys, sizes, signals and the server's messages. */
#ifndef BOTSTER_ATTACH_H
#define BOTSTER_ATTACH_H

/* This client reads the keys and sends them (the socket path): no claim, or the server said so. */
extern int reading;
/* From here on the terminal is ours: the signals that end, stop or resize us come to the loop. */
void take_signals(void);
/* The attach loop, once the HELLO is sent; it ends the process (finish, reattach, lost). */
void run(void);

#endif
