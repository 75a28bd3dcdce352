/* SPDX-License-Identifier: ISC */
/*
 * sock.h - listening sockets for FastCGI, and which peers may connect. Run
 * in the process main.c starts, before any worker exists, but for
 * sock_peer_ok(), which a worker's loop threads call on each connection
 * they accept.
 */
#ifndef STATUSCGI_SOCK_H
#define STATUSCGI_SOCK_H

#include <stddef.h>
#include <sys/socket.h>

/* Returns 1 if fd is a listening socket, 0 if not (or not open). */
int	sock_is_listener(int fd);

/*
 * Opens a listening socket for spec: "unix:/path" (mode applied before
 * listen(); a stale socket file is replaced, any other file is not),
 * "host:port" or "[v6addr]:port". Returns the fd, or -1 with err (size n)
 * saying why: an unresolvable host, a bad spec, a bind error...
 */
int	sock_listen(const char *spec, unsigned mode, char *err, size_t n);

/*
 * Whether a peer at sa may connect, given list: libfcgi's
 * FCGI_WEB_SERVER_ADDRS, IP addresses separated by commas (NULL or empty:
 * any peer). Unix-socket peers always may. Returns 1 if it may, 0 if not.
 */
int	sock_peer_ok(const struct sockaddr *sa, const char *list);

#endif
