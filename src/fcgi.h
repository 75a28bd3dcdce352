/* fcgi.h - the FastCGI transport (libfcgi's fcgiapp), threaded. */
#ifndef STATUSCGI_FCGI_H
#define STATUSCGI_FCGI_H

#include <stddef.h>

/* Returns 1 if fd is a listening socket, 0 if not (or not open). */
int	fcgi_is_listener(int fd);

/*
 * Opens a listening socket for spec: "unix:/path" (mode applied before
 * listen(); a stale socket file is replaced, any other file is not),
 * "host:port" or "[v6addr]:port". Returns the fd, or -1 with err (size n)
 * saying why: an unresolvable host, a bad spec, a bind error...
 */
int	fcgi_listen(const char *spec, unsigned mode, char *err, size_t n);

/*
 * Serves FastCGI requests accepted on fd with threads workers until
 * SIGTERM, SIGINT or SIGUSR1, then lets the requests in flight finish.
 * Returns 0 after such a stop, or -1 with err set when every worker failed
 * (fd is not a socket, say).
 */
int	fcgi_run(int fd, unsigned threads, char *err, size_t n);

#endif
