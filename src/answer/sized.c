/* SPDX-License-Identifier: ISC */
/*
 * sized.c - sized content: the pattern bytes of size=, whole, in one
 * range or in several as multipart/byteranges, and the 206 asked for
 * with code=. Pure functions, run by whichever process or thread serves
 * a request: a CGI process, or a FastCGI worker process's loop thread.
 */
#include "answer/sized.h"
#include "http/table.h"

#define OCTETS		"application/octet-stream"
/* The pattern is letters and digits: this cannot be in a part (§14.6). */
#define BOUNDARY	"statuscgi_byteranges_boundary"

int
sized_code(unsigned code)
{
	struct status	 st;

	status_get(code, &st);
	return code >= 200 &&
	    !(st.flags & (T_NO_BODY | T_RANGE | T_RANGE_UNSAT));
}

const char *
sized_content(struct content *c, struct buf *b, const struct opts *o,
    const struct ranges *rs, struct fail *f)
{
	const char	*type = o->content_type ? o->content_type : OCTETS;
	const char	*sent = type;
	const struct byte_range *r;
	size_t		 i, at;
	int		 rc = 0;

	if (rs == NULL)
		rc = content_add(c, SEG_PATTERN, 0, o->size);
	else if (rs->n == 1) {
		r = &rs->r[0];
		rc = content_add(c, SEG_PATTERN, r->first,
		    r->last - r->first + 1);
	} else {
		sent = "multipart/byteranges; boundary=" BOUNDARY;
		for (i = 0; i < rs->n && rc == 0; i++) {
			r = &rs->r[i];
			at = b->len;
			buf_printf(b, "%s--" BOUNDARY "\r\nContent-Type: %s\r\n"
			    "Content-Range: bytes %llu-%llu/%llu\r\n\r\n",
			    i > 0 ? "\r\n" : "", type, r->first, r->last,
			    o->size);
			rc = content_add(c, SEG_TEXT, at, b->len - at) |
			    content_add(c, SEG_PATTERN, r->first,
			    r->last - r->first + 1);
		}
		at = b->len;
		buf_puts(b, "\r\n--" BOUNDARY "--\r\n");
		if (rc == 0)
			rc = content_add(c, SEG_TEXT, at, b->len - at);
	}
	if (rc != 0 || buf_failed(b)) {
		fail_set(f, 500, "the ranges do not fit");
		return NULL;
	}
	return sent;
}

int
sized_partial(struct content *c, const struct opts *o)
{
	unsigned long long first = 0, last = 99;

	if (o->have_range) {
		first = o->range_first;
		last = o->range_last;
	}
	return content_add(c, SEG_PATTERN, first, last - first + 1);
}
