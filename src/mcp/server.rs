//! The MCP server handler (rmcp's [`ServerHandler`]): lists the selected tools with their
//! input schemas and answers `tools/call` through the [`Worker`]. A refused call is a tool
//! result with `isError: true` ([`super::reply`]): also arguments of the wrong type inside
//! the `arguments` object, which name the argument (MCP's SEP-1303: input validation
//! errors are tool errors, so the model can correct itself); an unknown tool name, and
//! `arguments` that are not an object at all, are the protocol's invalid-params error
//! (-32602). Progress notifications (start, end) for long tools when the request carries a
//! `progressToken`. A call the host cancels is interrupted ([`Interrupt`]).

use super::reply::Kind;
use super::tools::ToolDef;
use super::worker::Worker;
use crate::commands::shared::interrupt::Interrupt;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, CustomRequest,
    CustomResult, Implementation, ListToolsResult, PaginatedRequestParams,
    ProgressNotificationParam, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::Value;

/// What the server tells the host about itself at initialisation ([`instructions`]), before
/// the list of error kinds.
pub const INSTRUCTIONS: &str = "tri ties your work to a GitHub issue. Start with `brief` \
(what happened before), `link` the issue if `status` says nothing is linked, call `step` \
after each meaningful unit of work, check `inbox` for human replies, and end with `handoff` \
(work left) or `finish` (work over). Every result's structuredContent is the command's \
--json document; a refused call has isError and error.kind";

/// The instructions: [`INSTRUCTIONS`] and every error kind ([`Kind::ALL`]).
pub fn instructions() -> String {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    format!("{INSTRUCTIONS} ({}).", kinds.join(", "))
}

/// The methods this server answers whose requests rmcp could not read: their params had
/// the wrong shape (`tools/call` with `arguments` that are not an object), which JSON-RPC
/// calls invalid params, not an unknown method.
const SERVED_METHODS: &[&str] = &["initialize", "ping", "tools/list", "tools/call"];

/// The error for a request rmcp could not read as one it knows (`method`, `params` as
/// sent): -32602 invalid params saying what is wrong for a method this server answers,
/// else -32601 method not found. Pure.
pub fn unreadable_request(method: &str, params: Option<&Value>) -> ErrorData {
    if !SERVED_METHODS.contains(&method) {
        return ErrorData::new(
            rmcp::model::ErrorCode::METHOD_NOT_FOUND,
            method.to_string(),
            None,
        );
    }
    let what = match (method, params) {
        ("tools/call", Some(Value::Object(p))) => match (p.get("name"), p.get("arguments")) {
            (Some(Value::String(_)), Some(a)) if !a.is_object() && !a.is_null() => format!(
                "`arguments` must be an object of the tool's arguments, not {}; see the \
                 tool's input schema",
                json_type(a)
            ),
            (Some(Value::String(_)), _) => "the params do not have the shape of a tools/call \
                 request"
                .to_string(),
            _ => "`name` must be the tool's name, a string".to_string(),
        },
        (_, Some(p)) if !p.is_object() => format!("params must be an object, not {}", json_type(p)),
        _ => format!("the params do not have the shape of a {method} request"),
    };
    ErrorData::invalid_params(format!("invalid params for {method}: {what}"), None)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The server: the tools it serves and the worker that runs them.
#[derive(Clone)]
pub struct TriServer {
    tools: Vec<&'static ToolDef>,
    worker: Worker,
}

impl TriServer {
    /// A server of `tools`, run by `worker`.
    pub fn new(tools: Vec<&'static ToolDef>, worker: Worker) -> TriServer {
        TriServer { tools, worker }
    }

    fn tool(def: &ToolDef) -> Tool {
        let mut ann = ToolAnnotations::new()
            .read_only(def.read_only)
            .destructive(false);
        ann.open_world_hint = Some(!matches!(def.name, "redact_check" | "log" | "status"));
        Tool::new(def.name, def.description, (def.schema)()).annotate(ann)
    }
}

async fn progress(ctx: &RequestContext<RoleServer>, step: f64, message: &str) {
    if let Some(token) = ctx.meta.get_progress_token() {
        let p = ProgressNotificationParam::new(token, step)
            .with_total(1.0)
            .with_message(message);
        let _ = ctx.peer.notify_progress(p).await;
    }
}

impl ServerHandler for TriServer {
    fn get_info(&self) -> ServerConfig {
        let mut c = ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("tri", env!("CARGO_PKG_VERSION")));
        c.instructions = Some(instructions());
        c
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(
            self.tools.iter().map(|d| Self::tool(d)).collect(),
        ))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools
            .iter()
            .find(|d| d.name == name)
            .map(|d| Self::tool(d))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(def) = self.tools.iter().copied().find(|d| d.name == request.name) else {
            let names: Vec<&str> = self.tools.iter().map(|d| d.name).collect();
            return Err(ErrorData::invalid_params(
                format!(
                    "unknown tool `{}`; this server has {}",
                    request.name,
                    names.join(", ")
                ),
                None,
            ));
        };
        // Into its lane before anything is awaited: the calls keep the order they came in.
        // The host's `notifications/cancelled` (or the server ending) cancels `context.ct`:
        // that interrupts a waiting command (`wait` ends, nothing recorded) and skips a
        // recording one not yet begun; one that has begun records to its end. The reply of
        // a cancelled call is not sent (rmcp drops it).
        let (canceller, interrupt) = Interrupt::cancellable();
        let work = self
            .worker
            .call(def, request.arguments.unwrap_or_default(), interrupt);
        tokio::pin!(work);
        if def.long {
            progress(&context, 0.0, &format!("{} started", def.name)).await;
        }
        let r = tokio::select! {
            r = &mut work => r,
            _ = context.ct.cancelled() => {
                canceller.cancel();
                work.await
            }
        };
        if def.long {
            progress(&context, 1.0, &format!("{} finished", def.name)).await;
        }
        let mut result = if r.is_error {
            CallToolResult::structured_error(r.structured)
        } else {
            CallToolResult::structured(r.structured)
        };
        result.content = vec![ContentBlock::text(r.text)];
        Ok(result.into())
    }

    async fn on_custom_request(
        &self,
        request: CustomRequest,
        _context: RequestContext<RoleServer>,
    ) -> Result<CustomResult, ErrorData> {
        Err(unreadable_request(&request.method, request.params.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_instructions_name_every_error_kind() {
        let i = instructions();
        for k in Kind::ALL {
            assert!(i.contains(k.name()), "{} missing from: {i}", k.name());
        }
    }

    #[test]
    fn a_malformed_call_is_invalid_params_and_an_unknown_method_not_found() {
        let e = unreadable_request(
            "tools/call",
            Some(&json!({"name": "step", "arguments": []})),
        );
        assert_eq!(e.code.0, -32602);
        assert!(
            e.message.contains("`arguments` must be an object"),
            "{}",
            e.message
        );
        assert!(e.message.contains("an array"), "{}", e.message);
        let e = unreadable_request("tools/call", Some(&json!({"name": 5})));
        assert_eq!(e.code.0, -32602);
        assert!(e.message.contains("`name`"), "{}", e.message);
        let e = unreadable_request("tools/list", Some(&json!("x")));
        assert_eq!(e.code.0, -32602);
        let e = unreadable_request("no/such", None);
        assert_eq!(e.code.0, -32601);
        assert_eq!(e.message, "no/such");
    }
}
