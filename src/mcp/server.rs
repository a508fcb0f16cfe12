//! The MCP server handler (rmcp's [`ServerHandler`]): lists the selected tools with their
//! input schemas and answers `tools/call` through the [`Worker`]. A refused call is a tool
//! result with `isError: true` ([`super::reply`]); an unknown tool name is the protocol's
//! invalid-params error. Progress notifications (start, end) for long tools when the
//! request carries a `progressToken`.

use super::tools::ToolDef;
use super::worker::Worker;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ProgressNotificationParam, ServerCapabilities,
    ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

/// What the server tells the host about itself at initialisation.
pub const INSTRUCTIONS: &str = "tri ties your work to a GitHub issue. Start with `brief` \
(what happened before), `link` the issue if `status` says nothing is linked, call `step` \
after each meaningful unit of work, check `inbox` for human replies, and end with `handoff` \
(work left) or `finish` (work over). Every result's structuredContent is the command's \
--json document; a refused call has isError and error.kind (usage, not_linked, \
credentials, failed).";

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
        c.instructions = Some(INSTRUCTIONS.to_string());
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
        if def.long {
            progress(&context, 0.0, &format!("{} started", def.name)).await;
        }
        let r = self
            .worker
            .call(def, request.arguments.unwrap_or_default())
            .await;
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
}
