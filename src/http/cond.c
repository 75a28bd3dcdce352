/* SPDX-License-Identifier: ISC */
/*
 * cond.c - conditional requests (RFC 9110 §13): reading HTTP-dates and
 * entity-tag lists, and deciding a request's preconditions in the order
 * of §13.2.2. Pure: the time comes in as an argument.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/cond.h"
#include "http/etag.h"

static const char *const day_short[] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const day_long[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday" };
static const char *const month_name[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* A cursor over the date being read. */
struct rd {
	const char	*p;
	int		 ok;
};

/* Consumes the literal lit, or marks the read failed. */
static void
lit(struct rd *r, const char *lit)
{
	size_t	 n = strlen(lit);

	if (r->ok && strncmp(r->p, lit, n) == 0)
		r->p += n;
	else
		r->ok = 0;
}

/* Consumes exactly n digits and returns their value (-1 if they are not). */
static int
num(struct rd *r, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; r->ok && i < n; i++) {
		if (r->p[i] < '0' || r->p[i] > '9') {
			r->ok = 0;
			return -1;
		}
		v = v * 10 + (r->p[i] - '0');
	}
	if (r->ok)
		r->p += n;
	return r->ok ? v : -1;
}

/* Consumes one of the n names in list; returns its index, or -1. */
static int
name(struct rd *r, const char *const *list, int n)
{
	int	 i;
	size_t	 len;

	for (i = 0; r->ok && i < n; i++) {
		len = strlen(list[i]);
		if (strncmp(r->p, list[i], len) == 0) {
			r->p += len;
			return i;
		}
	}
	r->ok = 0;
	return -1;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * Days from 1970-01-01 to y-m-d (proleptic Gregorian; m 1-12): counts
 * whole years of 365 days plus the leap days before y, then the months.
 */
static long long
days_since_epoch(int y, int m, int d)
{
	static const int before[] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	long long yy = (long long)y - 1;
	long long days;

	days = 365LL * (y - 1970) + (yy / 4 - yy / 100 + yy / 400) -
	    (1969 / 4 - 1969 / 100 + 1969 / 400);
	days += before[m - 1] + (m > 2 && leap(y)) + d - 1;
	return days;
}

/*
 * Returns the year of t (seconds since 1970; before 1970 counts as 1970,
 * after 9999 as 9999), and sets *yday, when not NULL, to the whole days
 * of that year before t. Arithmetic only: no time zone file is read.
 */
static int
year_of(long long t, long long *yday)
{
	long long days, yd;
	int	 y = 1970;

	if (t < 0)
		t = 0;
	if (t > 253402300799LL)
		t = 253402300799LL;
	for (days = t / 86400; days >= (yd = 365 + leap(y)); y++)
		days -= yd;
	if (yday != NULL)
		*yday = days;
	return y;
}

int
http_date_format(long long t, char *out, size_t n)
{
	long long days, secs;
	int	 y, m = 1, len;

	if (t < 0 || t > 253402300799LL)	/* 1970 to 9999 */
		return -1;
	secs = t % 86400;
	y = year_of(t, &days);
	while (m < 12 && days_since_epoch(y, m + 1, 1) -
	    days_since_epoch(y, 1, 1) <= days)
		m++;
	days -= days_since_epoch(y, m, 1) - days_since_epoch(y, 1, 1);
	len = snprintf(out, n, "%s, %02lld %s %04d %02lld:%02lld:%02lld GMT",
	    /* 1970-01-01 was a Thursday: day_short[3]. */
	    day_short[(days_since_epoch(y, m, 1) + days + 3) % 7], days + 1,
	    month_name[m - 1], y, secs / 3600, secs / 60 % 60, secs % 60);
	return len > 0 && (size_t)len < n ? 0 : -1;
}

/* time-of-day = hour ":" minute ":" second (§5.6.7; second 60 is a leap). */
static long long
time_of_day(struct rd *r)
{
	int	 h, mi, s;

	h = num(r, 2);
	lit(r, ":");
	mi = num(r, 2);
	lit(r, ":");
	s = num(r, 2);
	if (!r->ok || h > 23 || mi > 59 || s > 60) {
		r->ok = 0;
		return 0;
	}
	return h * 3600LL + mi * 60LL + s;
}

/*
 * Reads what IMF-fixdate and rfc850-date share (§5.6.7): day-name ","
 * SP day sep month sep year SP time-of-day SP "GMT", with the day names
 * in days, sep " " (date1) or "-" (date2), and a year of ydigits digits.
 * Sets *d, *m (1-12) and *y, and returns the seconds into the day; on
 * failure marks r failed, and what it set and returns means nothing.
 */
static long long
comma_date(struct rd *r, const char *const *days, const char *sep,
    size_t ydigits, int *d, int *m, int *y)
{
	long long	 secs;

	name(r, days, 7);
	lit(r, ", ");
	*d = num(r, 2);
	lit(r, sep);
	*m = name(r, month_name, 12) + 1;
	lit(r, sep);
	*y = num(r, ydigits);
	lit(r, " ");
	secs = time_of_day(r);
	lit(r, " GMT");
	return secs;
}

int
http_date_parse(const char *s, time_t now, int imf_only, long long *t)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct rd	 r = { s, 1 };
	int		 d, m, y;
	long long	 secs;

	if (strlen(s) < 24 || strlen(s) > 40)
		return -1;
	if (s[3] == ',') {
		/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
		secs = comma_date(&r, day_short, " ", 4, &d, &m, &y);
	} else if (imf_only) {
		return -1;
	} else if (s[3] == ' ') {
		/* asctime-date: "Sun Nov  6 08:49:37 1994" */
		name(&r, day_short, 7);
		lit(&r, " ");
		m = name(&r, month_name, 12) + 1;
		lit(&r, " ");
		if (r.ok && r.p[0] == ' ') {
			r.p++;
			d = num(&r, 1);
		} else
			d = num(&r, 2);
		lit(&r, " ");
		secs = time_of_day(&r);
		lit(&r, " ");
		y = num(&r, 4);
	} else {
		/* rfc850-date: "Sunday, 06-Nov-94 08:49:37 GMT" */
		secs = comma_date(&r, day_long, "-", 2, &d, &m, &y);
		/* §5.6.7: a two-digit year more than 50 years in the future
		 * is the most recent past year with those digits. */
		if (r.ok) {
			int this_year = year_of((long long)now, NULL);

			y += this_year / 100 * 100;
			if (y > this_year + 50)
				y -= 100;
		}
	}
	if (!r.ok || *r.p != '\0' || y < 1 || m < 1 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return -1;
	*t = days_since_epoch(y, m, d) * 86400LL + secs;
	return 0;
}

/* ---- entity-tags ----------------------------------------------------- */

/*
 * Reads one entity-tag at *p ([W/] DQUOTE *etagc DQUOTE, §8.8.3): sets
 * *weak, *op and *on to its opaque-tag without quotes, and moves *p past
 * it. Returns 0, or -1 if there is none at *p. A tag with obs-text is read
 * (a recipient takes it as opaque data, §5.5); it matches no ETag of ours,
 * which are ASCII (check_etag()), but the rest of its list still counts.
 */
static int
read_etag(const char **p, int *weak, const char **op, size_t *on)
{
	const char	*s = *p;

	*weak = strncmp(s, "W/", 2) == 0;
	if (*weak)
		s += 2;
	if (*s != '"')
		return -1;
	*op = ++s;
	while (is_etagc((unsigned char)*s))
		s++;
	if (*s != '"')
		return -1;
	*on = (size_t)(s - *op);
	*p = s + 1;
	return 0;
}

int
etag_list_match(const char *list, const char *etag, int weak)
{
	const char	*p = list, *op, *eop;
	size_t		 on, eon;
	int		 w, ew, found = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '*') {
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		/* "*": any current representation; there is one (§13.1.1). */
		return *p == '\0';
	}
	if (etag == NULL || etag[0] == '\0' ||
	    read_etag(&etag, &ew, &eop, &eon) == -1)
		return 0;
	/* #entity-tag: empty elements are allowed (§5.6.1.2). */
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return found;
		if (read_etag(&p, &w, &op, &on) == -1)
			return 0;
		/* §8.8.3.2: strong needs both strong; weak ignores W/. */
		if (on == eon && memcmp(op, eop, on) == 0 &&
		    (weak || (!w && !ew)))
			found = 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ',' && *p != '\0')
			return 0;
	}
}

/* ---- §13.2.2 ---------------------------------------------------------- */

enum cond_outcome
cond_eval(const struct conditions *c, const char *etag, int have_lm,
    long long lm, int get_or_head, time_t now, const char **why)
{
	long long	 t;

	*why = NULL;
	/* 1. If-Match (§13.1.1): strong comparison. */
	if (c->if_match != NULL) {
		if (!etag_list_match(c->if_match, etag, 0)) {
			*why = "If-Match did not match the ETag";
			return COND_FAILED;
		}
	/* 2. Only without If-Match: If-Unmodified-Since (§13.1.4),
	 * ignored without a modification date or when not a date. */
	} else if (c->if_unmodified_since != NULL && have_lm &&
	    http_date_parse(c->if_unmodified_since, now, 0, &t) == 0 &&
	    lm > t) {
		*why = "Last-Modified is later than If-Unmodified-Since";
		return COND_FAILED;
	}
	/* 3. If-None-Match (§13.1.2): weak comparison. */
	if (c->if_none_match != NULL) {
		if (etag_list_match(c->if_none_match, etag, 1)) {
			*why = strchr(c->if_none_match, '*') != NULL &&
			    strchr(c->if_none_match, '"') == NULL ?
			    "If-None-Match: * matched the current "
			    "representation" :
			    "If-None-Match matched the ETag";
			return get_or_head ? COND_NOT_MODIFIED : COND_FAILED;
		}
	/* 4. Only GET and HEAD, only without If-None-Match:
	 * If-Modified-Since (§13.1.3). */
	} else if (get_or_head && c->if_modified_since != NULL && have_lm &&
	    http_date_parse(c->if_modified_since, now, 0, &t) == 0 &&
	    lm <= t) {
		*why = "Last-Modified is not later than If-Modified-Since";
		return COND_NOT_MODIFIED;
	}
	return COND_PASS;
}
