/* SPDX-License-Identifier: ISC */
/*
 * nitems.h - the number of elements of an array (not of a pointer). A
 * compile-time macro: no code of its own, usable in any process or thread.
 */
#ifndef STATUSCGI_NITEMS_H
#define STATUSCGI_NITEMS_H

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#endif
