//! Request tracing: every request gets an id, sent back in `x-request-id`, and one span that
//! every log line of the request carries: the id, method, route, the user once they are known,
//! and, when it ends, the status and how long it took.

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::{HeaderName, Request};
use std::sync::atomic::{AtomicU64, Ordering};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Ids unique to this process's run: a random prefix, then a count.
#[derive(Clone)]
struct RequestIds {
    prefix: std::sync::Arc<str>,
    next: std::sync::Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> RequestIds {
        let mut bytes = [0u8; 4];
        // Without randomness the ids are still unique within the run; only the prefix is lost.
        let _ = getrandom::fill(&mut bytes);
        let prefix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        RequestIds {
            prefix: prefix.into(),
            next: std::sync::Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.prefix)
            .parse()
            .ok()
            .map(RequestId::new)
    }
}

fn span_for<B>(req: &Request<B>) -> Span {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        route = tracing::field::Empty,
        user = tracing::field::Empty,
    )
}

/// Records the route the request matched (the pattern, not the path, so no ids or names from
/// the address reach the log).
pub async fn record_route(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Some(route) = req.extensions().get::<MatchedPath>() {
        Span::current().record("route", route.as_str());
    }
    next.run(req).await
}

/// Records who is making the request, once the route's access check has found them.
pub fn record_user(user_id: i64) {
    Span::current().record("user", user_id);
}

/// Wraps the app in the request id and tracing layers.
pub fn layers(router: Router) -> Router {
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(span_for)
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(tower_http::LatencyUnit::Micros),
                )
                .on_failure(()),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, RequestIds::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_unique_and_share_the_run_prefix() {
        let mut ids = RequestIds::new();
        let req = Request::new(());
        let a = ids.make_request_id(&req).unwrap();
        let b = ids.make_request_id(&req).unwrap();
        let (a, b) = (
            a.header_value().to_str().unwrap().to_string(),
            b.header_value().to_str().unwrap().to_string(),
        );
        assert_ne!(a, b);
        assert_eq!(a.split('-').next(), b.split('-').next());
    }
}
