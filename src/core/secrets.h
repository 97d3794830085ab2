/* secrets.h — recognising secrets in names and values: variable names that
 * hold a credential (API_TOKEN, DB_PASSWORD, but not PASSWORD_FILE) and
 * well-known credential formats in a value (cloud keys, VCS tokens, private
 * key blocks, passwords embedded in URLs). Shared by the Dockerfile rules
 * and the image audit.
 *
 * Ownership: nothing is allocated; descriptions are static strings. */
#ifndef MOAT_SECRETS_H
#define MOAT_SECRETS_H

#include <stdbool.h>

/* True when a variable of this name holds a secret rather than pointing at
 * one (API_KEY yes; API_KEY_FILE, TOKEN_URL no). */
bool mt_secret_name(const char *name);

/* A description ("a GitHub token") of the first known credential format in
 * v, or NULL. */
const char *mt_secret_value(const char *v);

#endif
