//! Who is signed in, as every page sees them. How a request is matched to its session is in
//! `auth.rs`; this type depends on nothing else in the web layer, so the caches and the page
//! templates can name it without depending on sign-in.

use dueregard_core::account::User;
use dueregard_core::org::Organisation;

/// Someone signed in through the browser.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub org: Organisation,
    pub csrf: String,
}
