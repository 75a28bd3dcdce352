/* writer.h - the one place a planned answer becomes bytes. */
#ifndef STATUSCGI_WRITER_H
#define STATUSCGI_WRITER_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "plan.h"

/* Where bytes go: stdout, a FastCGI stream... write() returns 0 or -1. */
struct sink {
	int	(*write)(void *ctx, const char *data, size_t n);
	void	*ctx;
};

enum out_mode {
	OUT_CGI,	/* "Status:" header block (RFC 3875 §6.3); FastCGI too */
	OUT_NPH		/* a whole HTTP/1.x response head (RFC 3875 §5) */
};

struct out {
	enum out_mode	 mode;
	const char	*protocol;	/* SERVER_PROTOCOL, or NULL */
	int		 head;		/* HEAD request: no content */
	time_t		 now;		/* for Date in NPH mode */
};

/*
 * Writes the interim (1xx) head of p, if it has one, through s; scratch
 * holds the bytes on the way. Returns 0, or -1 if the sink failed.
 */
int	write_interim(const struct plan *p, const struct out *o,
	    struct buf *scratch, const struct sink *s);

/*
 * Writes the final head of p and, unless o->head or the status forbids
 * it, its content. Returns 0, or -1 if the sink failed.
 */
int	write_final(const struct plan *p, const struct out *o,
	    struct buf *scratch, const struct sink *s);

#endif
