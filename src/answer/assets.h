/* SPDX-License-Identifier: ISC */
/*
 * assets.h - the stylesheet and script of the HTML pages (data). Constant,
 * read by whichever process or thread serves a request (a CGI process, or a
 * FastCGI worker process's loop thread).
 */
#ifndef STATUSCGI_ASSETS_H
#define STATUSCGI_ASSETS_H

#include <stddef.h>

struct asset {
	const char	*name;		/* as in ?asset=NAME */
	const char	*type;		/* Content-Type */
	const char	*data;
	size_t		 len;
};

/* Returns the asset called name, or NULL if there is none. */
const struct asset *asset_find(const char *name);

#endif
