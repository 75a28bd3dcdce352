/* SPDX-License-Identifier: ISC */
/*
 * fmt.h - the formats of a generated body (type=, or Accept). A type only:
 * no code of its own, usable in any process or thread.
 */
#ifndef STATUSCGI_FMT_H
#define STATUSCGI_FMT_H

enum fmt { FMT_TEXT, FMT_HTML, FMT_JSON };

#endif
