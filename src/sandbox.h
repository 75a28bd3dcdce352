/* SPDX-License-Identifier: ISC */
/*
 * sandbox.h - seccomp filters (libseccomp): once a process has set up,
 * it keeps only the system calls its work needs; any other kills it with
 * SIGSYS (SECCOMP_RET_KILL_PROCESS). A FastCGI worker first records which
 * call it was, where its supervisor reads it (struct sandbox_record).
 */
#ifndef STATUSCGI_SANDBOX_H
#define STATUSCGI_SANDBOX_H

#include <stdatomic.h>
#include <stddef.h>

enum sandbox_mode {
	SANDBOX_CGI,		/* a CGI or NPH process, before parsing */
	SANDBOX_SUPERVISOR,	/* the FastCGI supervisor, before forking */
	SANDBOX_WORKER		/* a FastCGI worker, once its threads run */
};

/*
 * Where a process's sandbox records the first system call it refused
 * (its number and AUDIT_ARCH_*, packed), for another process to read
 * once that one is dead: in memory they share (sandbox_records()). 0
 * while none was refused.
 */
struct sandbox_record {
	atomic_ullong	 call;
};

/*
 * Whether the sandbox is on: 1 unless the environment says
 * STATUSCGI_SANDBOX=off; 0 then. Returns -1 for any other value than
 * "on", "off" or empty.
 */
int	sandbox_wanted(void);

/*
 * mode's filter, ready for seccomp_load() or seccomp_export_bpf(); the
 * caller releases it (seccomp_release()). Returns NULL if libseccomp
 * cannot make it (no memory, an unknown architecture).
 */
void	*sandbox_filter(enum sandbox_mode);

/*
 * Sets PR_SET_NO_NEW_PRIVS, then installs mode's filter on the calling
 * process (SANDBOX_WORKER: on every thread of it). The supervisor's and
 * a worker's filter trap a refused call into a SIGSYS handler installed
 * here first (unless inherited), which records it (sandbox_record_to())
 * and ends the process by SIGSYS all the same; the CGI filter kills at
 * once. Does nothing when sandbox_wanted() is 0. Returns 0, or -1 with
 * err (size n) saying why (the process is then not sandboxed, or only
 * partly: it must not serve).
 */
int	sandbox_enter(enum sandbox_mode, char *err, size_t n);

/*
 * n records, empty, in memory shared with the processes forked after
 * (one page for up to 512). Returns NULL if it cannot be mapped.
 */
struct sandbox_record *sandbox_records(size_t n);

/* Unmaps the n records of sandbox_records(). */
void	sandbox_records_free(struct sandbox_record *, size_t n);

/* Empties r, for the next process that records in it. */
void	sandbox_record_clear(struct sandbox_record *r);

/*
 * Makes the calling process record the system call its sandbox refuses
 * in r (NULL: nowhere), under the supervisor's or a worker's filter; the
 * CGI filter records nothing. Call it once the process is forked, before
 * anything could be refused.
 */
void	sandbox_record_to(struct sandbox_record *r);

/*
 * What r holds: its number in *nr and its AUDIT_ARCH_* in *arch. Returns
 * 1 if a call was recorded; 0 if none was (*nr and *arch untouched).
 */
int	sandbox_recorded(struct sandbox_record *r, int *nr,
	    unsigned *arch);

/*
 * Describes the call recorded in r into s (size n), such as "system call
 * 41 (socket)": the name when libseccomp knows the number, the
 * architecture when it is not this one. Makes no system call but
 * malloc's. Returns 1, or 0 (s empty) if no call was recorded.
 */
int	sandbox_describe(struct sandbox_record *r, char *s, size_t n);

#endif
