/* SPDX-License-Identifier: ISC */
/*
 * fcgi_serve.h - a connection's requests in the loop thread that owns
 * it: waiting until a request is whole, libfcgi reading it, serve.c
 * planning its answer, and the answer written in steps.
 */
#ifndef STATUSCGI_FCGI_SERVE_H
#define STATUSCGI_FCGI_SERVE_H

#include "fastcgi/conn.h"
#include "fastcgi/pool.h"

/*
 * Serves the request on c once it is all there; until then c waits, in
 * the epoll set (nothing yet) or in the park (part of it, which must be
 * complete within IO_TIMEOUT_S). The caller, c's owner, gives it up.
 */
void	fcgi_dispatch(struct pool *, struct loop_thread *, struct conn *c);

/*
 * Writes what of c's reply is due (hurry: all of it, nothing waits any
 * more); parks c if more is to come later, waits in the epoll set if the
 * peer cannot take more yet, else ends the request. The caller, c's
 * owner, gives it up.
 */
void	fcgi_step(struct pool *, struct conn *c, int hurry);

#endif
