/* SPDX-License-Identifier: ISC */
/*
 * cgi.h - the CGI transport: the environment and stdin in, stdout out.
 * Called by main.c in a CGI or NPH process (or a shell command), in its one
 * thread, for that process's one request.
 */
#ifndef STATUSCGI_CGI_H
#define STATUSCGI_CGI_H

#include "answer/writer.h"

/*
 * Answers the one request of a CGI process (RFC 3875): meta-variables from
 * the environment, the body from stdin, the answer to stdout. With query
 * set (a shell command), QUERY_STRING is query and no body is read.
 * Returns 0, or -1 if stdout failed.
 */
int	cgi_run(enum out_mode mode, const char *query);

#endif
