// Package accounts holds the people of the exchange: organisations, users
// and their roles, invitations, passwords, sessions, password resets, API
// tokens, login throttling and OpenID Connect sign-in.
//
// Nothing here is public data: accounts live in their own database
// (DATA/accounts.db, see OpenBolt, or Redis shared by several instances,
// see NewKVStore), never in the quad store. Service is the
// business logic over a small Store interface; KVStore implements it over
// internal/kv.
//
// Secrets are never stored in clear: passwords as argon2id PHC strings,
// session, invitation, reset and API-token secrets as their SHA-256. The
// plaintext of a secret is returned exactly once, to be shown or sent.
package accounts
