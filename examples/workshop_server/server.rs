//! A stand-in for the monitoring workshop's app: the same endpoints, answering the same way, and
//! a log of everything it served so tests can compare it with `thumbctl load`'s report.
//!
//! Shared by `cargo run --example workshop_server` and the integration tests (which include this
//! file with `#[path]`), so both exercise the same server.

#![allow(dead_code)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// When its head arrived (before its body was read).
    pub at: std::time::Instant,
}

/// One answer the server finished (a request whose client gave up may never get one).
#[derive(Debug, Clone)]
pub struct Answer {
    pub method: String,
    pub uri: String,
    pub status: u16,
}

/// A file received on `/api/images`.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: usize,
    pub hash: u64,
    /// The multipart field that carried the file.
    pub field: String,
    /// The other (text) fields of the form, in order.
    pub fields: Vec<(String, String)>,
}

/// Everything the server saw, in order.
#[derive(Debug, Default)]
pub struct ServerLog {
    arrivals: Mutex<Vec<Arrival>>,
    answers: Mutex<Vec<Answer>>,
    uploads: Mutex<Vec<Upload>>,
}

impl ServerLog {
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.arrivals.lock().unwrap().clone()
    }

    pub fn answers(&self) -> Vec<Answer> {
        self.answers.lock().unwrap().clone()
    }

    pub fn uploads(&self) -> Vec<Upload> {
        self.uploads.lock().unwrap().clone()
    }

    pub fn arrival_count(&self) -> usize {
        self.arrivals.lock().unwrap().len()
    }
}

/// The hash the server records for uploaded bytes (tests hash the files on disk the same way).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

pub fn router(log: Arc<ServerLog>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { Json(json!({"message": "workshop app"})) }),
        )
        .route(
            "/health",
            get(|| async { Json(json!({"status": "healthy"})) }),
        )
        .route("/users", get(list_users).post(create_user))
        .route("/delay", get(delay))
        .route("/error", get(error))
        .route("/cpu-intensive", get(cpu_intensive))
        .route("/memory-usage", get(memory_usage))
        .route("/database-query", get(database_query))
        .route("/purchase", post(purchase))
        .route("/api/images", post(upload))
        .route("/api/images/upload", post(upload_with_token))
        .fallback(|| async { (StatusCode::NOT_FOUND, Json(json!({"error": "not found"}))) })
        .layer(middleware::from_fn_with_state(Arc::clone(&log), record))
        .with_state(log)
}

/// Serves until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, log: Arc<ServerLog>) {
    axum::serve(listener, router(log))
        .await
        .expect("the server runs until the process ends");
}

/// Logs each request on arrival (with its body) and its status when answered.
async fn record(State(log): State<Arc<ServerLog>>, request: Request, next: Next) -> Response {
    let at = std::time::Instant::now();
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 64 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let method = parts.method.to_string();
    let uri = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |pq| pq.to_string());
    log.arrivals.lock().unwrap().push(Arrival {
        method: method.clone(),
        uri: uri.clone(),
        headers: parts.headers.clone(),
        body: body.clone(),
        at,
    });
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    log.answers.lock().unwrap().push(Answer {
        method,
        uri,
        status: response.status().as_u16(),
    });
    response
}

async fn list_users() -> Json<Value> {
    Json(json!([{"id": 1, "username": "alice"}, {"id": 2, "username": "bob"}]))
}

/// 201 for `{"username": non-empty string, "email": string with @}`, 400 otherwise.
async fn create_user(body: Bytes) -> Response {
    let valid = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|user| {
            let username = user.get("username")?.as_str()?.to_string();
            let email = user.get("email")?.as_str()?;
            (!username.is_empty() && email.contains('@')).then_some(username)
        });
    match valid {
        Some(username) => (
            StatusCode::CREATED,
            Json(json!({"id": rand::random::<u32>(), "username": username})),
        )
            .into_response(),
        None => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "username and email are required"})),
        )
            .into_response(),
    }
}

#[derive(serde::Deserialize)]
struct DelayQuery {
    seconds: Option<f64>,
}

async fn delay(Query(query): Query<DelayQuery>) -> Response {
    let seconds = query.seconds.unwrap_or(1.0);
    if !(0.0..=30.0).contains(&seconds) {
        return (StatusCode::BAD_REQUEST, "seconds must be 0-30").into_response();
    }
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    Json(json!({"delayed": seconds})).into_response()
}

#[derive(serde::Deserialize)]
struct ErrorQuery {
    rate: Option<f64>,
}

/// 500 with probability `rate` percent.
async fn error(Query(query): Query<ErrorQuery>) -> Response {
    let rate = query.rate.unwrap_or(50.0);
    if rand::random::<f64>() * 100.0 < rate {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": "simulated failure"})),
        )
            .into_response()
    } else {
        Json(json!({"status": "ok"})).into_response()
    }
}

async fn cpu_intensive() -> Json<Value> {
    let sum: f64 = (1..20_000u32).map(|i| f64::from(i).sqrt()).sum();
    Json(json!({"result": sum}))
}

async fn memory_usage() -> Json<Value> {
    let block = vec![1u8; 1 << 20];
    Json(json!({"allocated_bytes": block.iter().map(|b| usize::from(*b)).sum::<usize>()}))
}

async fn database_query() -> Json<Value> {
    tokio::time::sleep(Duration::from_millis(2)).await;
    Json(json!({"rows": 3}))
}

/// 201 with a transaction id for a payload in the workshop's ranges, 400 otherwise.
async fn purchase(body: Bytes) -> Response {
    let valid = serde_json::from_slice::<Value>(&body)
        .ok()
        .is_some_and(|p| {
            let int_in = |field: &str, low: u64, high: u64| {
                p.get(field)
                    .and_then(Value::as_u64)
                    .is_some_and(|v| (low..=high).contains(&v))
            };
            let price_ok = p
                .get("price")
                .and_then(Value::as_f64)
                .is_some_and(|price| (5.0..=104.99).contains(&price));
            int_in("user_id", 1, 50)
                && int_in("product_id", 1, 10)
                && int_in("quantity", 1, 5)
                && price_ok
        });
    if valid {
        (
            StatusCode::CREATED,
            Json(json!({"transaction_id": format!("txn-{:016x}", rand::random::<u64>())})),
        )
            .into_response()
    } else {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid purchase"})),
        )
            .into_response()
    }
}

/// Accepts multipart field `file`; an empty file is refused with 400.
async fn upload(State(log): State<Arc<ServerLog>>, multipart: Multipart) -> Response {
    receive_upload(&log, multipart).await
}

/// The image pipeline's API: `Authorization: Bearer <token>` or 401, then as `/api/images`.
async fn upload_with_token(
    State(log): State<Arc<ServerLog>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > 7);
    if !bearer {
        return (StatusCode::UNAUTHORIZED, "no bearer token").into_response();
    }
    receive_upload(&log, multipart).await
}

/// Takes the first field with a file name as the file (the others are text fields).
async fn receive_upload(log: &ServerLog, mut multipart: Multipart) -> Response {
    let mut fields = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let Some(file_name) = field.file_name().map(str::to_string) else {
            fields.push((name, field.text().await.unwrap_or_default()));
            continue;
        };
        let Ok(data) = field.bytes().await else {
            return (StatusCode::BAD_REQUEST, "unreadable file field").into_response();
        };
        if data.is_empty() {
            return (StatusCode::BAD_REQUEST, "empty file").into_response();
        }
        // Fields after the file are read too, so the log has the whole form.
        while let Ok(Some(field)) = multipart.next_field().await {
            let name = field.name().unwrap_or_default().to_string();
            fields.push((name, field.text().await.unwrap_or_default()));
        }
        log.uploads.lock().unwrap().push(Upload {
            file_name: file_name.clone(),
            bytes: data.len(),
            hash: content_hash(&data),
            field: name,
            fields,
        });
        return (
            StatusCode::CREATED,
            Json(json!({"filename": file_name, "bytes": data.len()})),
        )
            .into_response();
    }
    (StatusCode::BAD_REQUEST, "no file field").into_response()
}
