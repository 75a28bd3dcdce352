/* SPDX-License-Identifier: ISC */
/*
 * check.c - syntax checks for what callers put into header fields. Pure
 * functions, run by whichever process or thread serves a request: a CGI
 * process, or a FastCGI worker process's loop thread; they touch only their
 * arguments.
 */
#include <string.h>
#include <strings.h>

#include "http/check.h"
#include "http/etag.h"
#include "http/hex.h"

static int
is_tchar(int c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

int
check_token(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_tchar((unsigned char)s[i]))
			return 0;
	return 1;
}

int
check_text(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static size_t
span_token(const char *s)
{
	size_t	 n = 0;

	while (is_tchar((unsigned char)s[n]))
		n++;
	return n;
}

/*
 * Returns the length of the token or quoted-string at s, the value of a
 * media type parameter (RFC 9110 §5.6.6) or of a cache directive (RFC 9111
 * §5.2), or 0 if s starts with neither. quoted-string = DQUOTE *( qdtext /
 * quoted-pair ) DQUOTE (RFC 9110 §5.6.4), narrowed to what we send: visible
 * ASCII and SP, no HTAB or obs-text, also after a backslash.
 */
static size_t
span_value(const char *s)
{
	size_t	 n;

	if (*s != '"')
		return span_token(s);
	for (n = 1; s[n] != '"'; n++) {
		if (s[n] == '\\')
			n++;
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e)
			return 0;
	}
	return n + 1;
}

/*
 * Returns the length of token sep tail at s, where tail() returns the
 * length of what may follow sep at its argument (0 if nothing may), or 0
 * if s does not start with one.
 */
static size_t
span_pair(const char *s, int sep, size_t (*tail)(const char *))
{
	size_t	 n = span_token(s), m;

	if (n == 0 || s[n] != sep || (m = tail(s + n + 1)) == 0)
		return 0;
	return n + 1 + m;
}

/*
 * Steps over what may follow an element of a list at *s: OWS (only SP),
 * then the end of the string, or sep and OWS again. Returns 1 with *s
 * moved past sep and the OWS after it (another element must follow), 0 at
 * the end, or -1 if anything else follows.
 */
static int
next_element(const char **s, int sep)
{
	const char	*p = *s;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 0;
	if (*p++ != sep)
		return -1;
	while (*p == ' ')
		p++;
	*s = p;
	return 1;
}

int
check_media_type(const char *s)
{
	size_t	 n;
	int	 more;

	/* type "/" subtype *( OWS ";" OWS parameter ) (RFC 9110 §8.3.1) */
	if ((n = span_pair(s, '/', span_token)) == 0)
		return 0;
	for (s += n; (more = next_element(&s, ';')) == 1; s += n)
		if ((n = span_pair(s, '=', span_value)) == 0)
			return 0;
	return more == 0;
}

static int
digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
check_http_date(const char *s)
{
	static const char *days[] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	size_t	 i;
	int	 ok = 0;

	/* "Sun, 06 Nov 1994 08:49:37 GMT": 29 bytes exactly */
	if (strlen(s) != 29)
		return 0;
	for (i = 0; i < 7; i++)
		ok |= strncmp(s, days[i], 3) == 0;
	if (!ok || strncmp(s + 3, ", ", 2) != 0 || !digits(s + 5, 2) ||
	    s[7] != ' ' || s[11] != ' ' || !digits(s + 12, 4) ||
	    s[16] != ' ' || !digits(s + 17, 2) || s[19] != ':' ||
	    !digits(s + 20, 2) || s[22] != ':' || !digits(s + 23, 2) ||
	    strcmp(s + 25, " GMT") != 0)
		return 0;
	for (ok = 0, i = 0; i < 12; i++)
		ok |= strncmp(s + 8, months[i], 3) == 0;
	return ok && (s[5] - '0') * 10 + (s[6] - '0') <= 31 &&
	    (s[17] - '0') * 10 + (s[18] - '0') <= 23 &&
	    s[20] <= '5' && s[23] <= '6';
}

/*
 * #element = [ element ] *( OWS "," OWS [ element ] ) (RFC 9110 §5.6.1),
 * narrowed to what we send: one element or more, none empty, OWS only SP.
 * An element is token [ sep tail ], where tail() returns the length of
 * what may follow sep at its argument, 0 if nothing may; sep '\0' for
 * tokens alone. Returns 1 if s is such a list, 0 if not.
 */
static int
check_list(const char *s, int sep, size_t (*tail)(const char *))
{
	size_t	 n;
	int	 more;

	while (*s == ' ')
		s++;
	do {
		if ((n = span_token(s)) == 0)
			return 0;
		if (sep != '\0' && s[n] == sep &&
		    (n = span_pair(s, sep, tail)) == 0)
			return 0;
		s += n;
	} while ((more = next_element(&s, ',')) == 1);
	return more == 0;
}

int
check_token_list(const char *s, int slash)
{
	/* a protocol in Upgrade is token [ "/" token ] (RFC 9110 §7.8) */
	return check_list(s, slash ? '/' : '\0', span_token);
}

int
check_cache_control(const char *s)
{
	/* token [ "=" ( token / quoted-string ) ] (RFC 9111 §5.2) */
	return check_list(s, '=', span_value);
}

int
check_challenge(const char *s)
{
	size_t	 n = span_token(s);

	return n > 0 && (s[n] == '\0' || s[n] == ' ') && check_text(s);
}

int
check_etag(const char *s, char *out, size_t n)
{
	const char	*p = s;
	size_t		 len = strlen(s), i;
	int		 quoted = 0;

	if (strncmp(p, "W/\"", 3) == 0 || p[0] == '"') {
		p += p[0] == 'W' ? 3 : 1;
		if (len < (size_t)(p - s) + 1 || s[len - 1] != '"')
			return 0;
		quoted = 1;
	}
	/* etagc allows obs-text (RFC 9110 §8.8.3), but an ETag we send stays
	 * visible ASCII like every other field we write (check_text()):
	 * field values are usually US-ASCII, obs-text is what a recipient
	 * takes as opaque data (§5.5). */
	for (i = 0; p + i < s + len - (quoted ? 1 : 0); i++)
		if (!is_etagc((unsigned char)p[i]) ||
		    (unsigned char)p[i] >= 0x80)
			return 0;
	if (len + 3 > n)
		return 0;
	if (quoted)
		memcpy(out, s, len + 1);
	else {
		out[0] = '"';
		memcpy(out + 1, s, len);
		out[len + 1] = '"';
		out[len + 2] = '\0';
	}
	return 1;
}

/* Returns 1 if host (n bytes) may be redirected to. */
static int
host_allowed(const char *host, size_t n, const char *own,
    const char *allowed)
{
	const char	*p, *e;
	size_t		 on;

	if (own != NULL) {
		/* HTTP_HOST may carry a port; compare host names only. */
		on = own[0] == '[' ? strcspn(own, "]") + 1 : strcspn(own, ":");
		if (on == n && strncasecmp(own, host, n) == 0)
			return 1;
	}
	for (p = allowed; p != NULL && *p != '\0'; p = e) {
		while (*p == ',' || *p == ' ')
			p++;
		e = p + strcspn(p, ", ");
		if ((e - p == 1 && *p == '*') ||
		    ((size_t)(e - p) == n && n > 0 &&
		    strncasecmp(p, host, n) == 0))
			return 1;
	}
	return 0;
}

int
check_location(const char *loc, const char *own, const char *allowed,
    struct fail *f)
{
	const char	*p, *auth, *host;
	size_t		 n, hn, i;
	int		 hi, lo, c;

	if (strlen(loc) > LOCATION_MAX)
		return fail_set(f, 400, "location is longer than %d bytes",
		    LOCATION_MAX);
	for (p = loc; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return fail_set(f, 400, "location must be a URI "
			    "reference: no spaces, controls or non-ASCII");
		if (*p == '\\')
			return fail_set(f, 403, "location holds a backslash, "
			    "which browsers read as a slash");
		if (*p == '%') {
			if ((hi = hexval(p[1])) < 0 || (lo = hexval(p[2])) < 0)
				return fail_set(f, 400, "location has a bad "
				    "percent-escape");
			c = hi * 16 + lo;
			if (c < 0x20 || c == 0x7f || c == '\\')
				return fail_set(f, 403, "location holds an "
				    "encoded control character or backslash");
		}
	}
	/* An encoded slash at the start could become "//host" downstream. */
	if (strncasecmp(loc, "%2f", 3) == 0 || strncasecmp(loc, "/%2f", 4) == 0)
		return fail_set(f, 403, "location starts with an encoded slash");

	/* RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	n = 0;
	if ((loc[0] >= 'a' && loc[0] <= 'z') || (loc[0] >= 'A' && loc[0] <= 'Z'))
		n = strspn(loc, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	if (n > 0 && loc[n] == ':') {
		if (!(n == 4 && strncasecmp(loc, "http", 4) == 0) &&
		    !(n == 5 && strncasecmp(loc, "https", 5) == 0))
			return fail_set(f, 403, "location scheme is not "
			    "http or https");
		if (strncmp(loc + n + 1, "//", 2) != 0)
			return fail_set(f, 403, "location has a scheme but "
			    "no \"//host\"");
		auth = loc + n + 3;
	} else if (strncmp(loc, "//", 2) == 0)
		auth = loc + 2;		/* network-path reference, §4.2 */
	else
		return 0;		/* relative: stays on this host */

	n = strcspn(auth, "/?#");
	if (memchr(auth, '@', n) != NULL)
		return fail_set(f, 403, "location carries user information "
		    "(\"user@host\")");
	host = auth;
	if (host[0] == '[') {
		hn = strcspn(host, "]");
		if (hn >= n)
			return fail_set(f, 400, "location has a bad IPv6 host");
		hn++;
	} else
		hn = strcspn(host, ":/?#");
	if (hn < n) {
		if (host[hn] != ':')
			return fail_set(f, 400, "location has a bad host");
		for (i = hn + 1; i < n; i++)
			if (host[i] < '0' || host[i] > '9' || i - hn > 5)
				return fail_set(f, 400, "location has a bad "
				    "port");
	}
	if (hn == 0)
		return fail_set(f, 403, "location names no host");
	if (!host_allowed(host, hn, own, allowed))
		return fail_set(f, 403, "location points to another host "
		    "(allow it with STATUSCGI_REDIRECT_HOSTS)");
	return 0;
}
