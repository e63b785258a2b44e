/*
 * LD_PRELOAD shim for Kamailio 5.6 db_sqlite: give every SQLite connection a
 * busy timeout.
 *
 * Why: db_sqlite 5.6 never calls sqlite3_busy_timeout(), so when two Kamailio
 * processes write at the same moment (e.g. usrloc saving a REGISTER while
 * another worker stores the pua_reginfo PUBLISH it triggered) the loser fails
 * at once with "database is locked" and the REGISTER gets
 * "500 Server Internal Error / P-Registrar-Error: usrloc_contact_update failed".
 * With a busy timeout the writer waits for the lock instead. Nothing else in
 * Kamailio's behaviour changes.
 *
 * Build: cc -shared -fPIC -O2 -o sqlite-busy-timeout.so sqlite-busy-timeout.c -ldl
 * Env:   SIPLAB_SQLITE_BUSY_MS (default 5000)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

typedef struct sqlite3 sqlite3;
typedef int (*open_v2_fn)(const char *, sqlite3 **, int, const char *);
typedef int (*busy_timeout_fn)(sqlite3 *, int);

/* db_sqlite.so is dlopen()ed with local scope, so RTLD_NEXT may not see the
 * libsqlite3 it pulled in; the soname handle is that same loaded instance. */
static void *sqlite_symbol(const char *name)
{
	void *sym = dlsym(RTLD_NEXT, name);
	void *lib;

	if (sym != NULL)
		return sym;
	lib = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_LOCAL);
	return lib != NULL ? dlsym(lib, name) : NULL;
}

int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs)
{
	open_v2_fn real_open = (open_v2_fn)sqlite_symbol("sqlite3_open_v2");
	busy_timeout_fn busy_timeout = (busy_timeout_fn)sqlite_symbol("sqlite3_busy_timeout");
	const char *ms_text = getenv("SIPLAB_SQLITE_BUSY_MS");
	int ms = ms_text ? atoi(ms_text) : 5000;
	int rc;

	if (real_open == NULL)
		return 1; /* SQLITE_ERROR */
	rc = real_open(filename, db, flags, vfs);
	if (rc == 0 && db != NULL && *db != NULL && busy_timeout != NULL)
		busy_timeout(*db, ms);
	return rc;
}
