/* SPDX-License-Identifier: ISC */
/* floor-cgi.c - the floor for CGI mode: the least a C CGI program can do
 * to answer 404, built the usual (dynamic) way. Not part of statuscgi.
 * Built and run by bench/run (make bench): a CGI program of lighttpd's, and
 * once under callgrind. */
#include <stdio.h>

int
main(void)
{
	fputs("Status: 404 Not Found\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 10\r\n"
	    "\r\n"
	    "Not Found\n", stdout);
	return 0;
}
