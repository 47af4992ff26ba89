//! The `pollscope` command's library: argument handling and the ways to run a program.
//!
//! | module | purpose |
//! |---|---|
//! | [`native`] | `trace --native`: compile with rustc against the `pollscope` crate and run |
//! | [`interp`] | `trace` and `check`: interpret with pollscope-lang, render diagnostics |
//! | [`cli`] | parse arguments, dispatch, map outcomes to exit codes |

pub mod cli;
pub mod interp;
pub mod native;
