//! The HTTP side of sending statements: an LRS reached over HTTP(S) with basic
//! authentication, as the engine's [`Transport`].

use crate::engine::records::xapi::{Answer, Transport, XAPI_VERSION, base64, endpoint_key};
use serde_json::Value;
use std::time::Duration;
use uuid::Uuid;

/// An LRS reached over HTTP(S) with basic authentication.
pub struct Lrs {
    agent: ureq::Agent,
    statements: String,
    auth: Option<String>,
}

impl Lrs {
    /// `endpoint` is the LRS's xAPI address; statements go to `endpoint/statements`.
    pub fn new(endpoint: &str, user: Option<&str>, password: Option<&str>, timeout: Duration) -> Lrs {
        let config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build();
        let auth = user.map(|u| format!("Basic {}", base64(format!("{u}:{}", password.unwrap_or("")).as_bytes())));
        Lrs {
            agent: ureq::Agent::new_with_config(config),
            statements: format!("{}/statements", endpoint_key(endpoint)),
            auth,
        }
    }

    fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<Answer, String> {
        let mut response = result.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Ok(Answer { status, body })
    }
}

impl Transport for Lrs {
    fn post(&mut self, statements: &[Value]) -> Result<Answer, String> {
        let mut req = self.agent.post(&self.statements).header("X-Experience-API-Version", XAPI_VERSION);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        Lrs::answer(req.send_json(statements))
    }

    fn put(&mut self, id: Uuid, statement: &Value) -> Result<Answer, String> {
        let mut req = self
            .agent
            .put(&self.statements)
            .query("statementId", id.to_string())
            .header("X-Experience-API-Version", XAPI_VERSION);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        Lrs::answer(req.send_json(statement))
    }
}
