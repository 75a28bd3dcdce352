/* SPDX-License-Identifier: ISC */
/* floor-fcgi.c - the floor for FastCGI: the least a libfcgi responder can
 * do to answer 404, one request at a time. Not part of statuscgi. Built and
 * run by bench/run (make bench): under lighttpd's bin-path, and under
 * spawn-fcgi behind nginx. */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request	 r;

	FCGX_Init();
	FCGX_InitRequest(&r, 0, 0);
	while (FCGX_Accept_r(&r) >= 0)
		FCGX_PutS("Status: 404 Not Found\r\n"
		    "Content-Type: text/plain\r\n"
		    "Content-Length: 10\r\n"
		    "\r\n"
		    "Not Found\n", r.out);
	return 0;
}
