/* fmt.h - the formats of a generated body (type=, or Accept). */
#ifndef STATUSCGI_FMT_H
#define STATUSCGI_FMT_H

enum fmt { FMT_TEXT, FMT_HTML, FMT_JSON };

#endif
