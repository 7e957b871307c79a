use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{self, ValidationError};
use super::text_enum;

text_enum! {
    /// What an account may do; checked by the server on every request.
    Role {
        /// Văn phòng / Thường trực HĐND: sets up councils, terms, accounts.
        Admin => "admin",
        /// Thư ký kỳ họp: sets up sessions, documents, attendance, minutes.
        Secretary => "secretary",
        /// Chủ tọa: runs the agenda, the speakers and the polls.
        Chair => "chair",
        /// Đại biểu: reads, checks in, asks to speak, votes.
        Delegate => "delegate",
        /// Khách mời: reads public documents.
        Guest => "guest",
        /// Màn hình hội trường: read-only chamber screen.
        Display => "display",
    }
}

/// A user account. Secrets (password hash) never leave the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The council the account belongs to; none only for the system administrator.
    #[schema(required = true)]
    pub council_id: Option<i64>,
    /// The delegate, official or guest this account is for, if any.
    #[schema(required = true)]
    pub person_id: Option<i64>,
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")]
    pub username: String,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub display_name: String,
    pub role: Role,
    pub council_id: Option<i64>,
    pub person_id: Option<i64>,
    /// Initial password; the user must change it at first sign-in. Accounts
    /// without one sign in with a pairing code.
    #[schema(min_length = 10, max_length = 256)]
    pub password: Option<String>,
}

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

impl NewAccount {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.username = text::name("username", &self.username.to_lowercase())?;
        if !self
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return Err(ValidationError::new(
                "username",
                "may contain only letters a-z, digits, '.', '-' and '_'",
            ));
        }
        if self.username.len() > 64 {
            return Err(ValidationError::new(
                "username",
                "must be at most 64 characters",
            ));
        }
        self.display_name = text::name("display_name", &self.display_name)?;
        if self.role != Role::Admin && self.council_id.is_none() {
            return Err(ValidationError::new(
                "council_id",
                "required for every role but admin",
            ));
        }
        if self.role == Role::Admin && (self.council_id.is_some() || self.person_id.is_some()) {
            return Err(ValidationError::new(
                "council_id",
                "the system administrator belongs to no council",
            ));
        }
        if let Some(p) = &self.password {
            check_password(p)?;
        }
        Ok(self)
    }
}

/// Checks a new password against the minimal policy.
pub fn check_password(p: &str) -> Result<(), ValidationError> {
    let n = p.chars().count();
    if n < MIN_PASSWORD {
        return Err(ValidationError::new(
            "password",
            format!("must be at least {MIN_PASSWORD} characters"),
        ));
    }
    if n > 256 {
        return Err(ValidationError::new(
            "password",
            "must be at most 256 characters",
        ));
    }
    Ok(())
}

/// Changing an account: display name, role, or a password reset (the user
/// must then change it at next sign-in).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    #[schema(min_length = 10, max_length = 256)]
    pub password: Option<String>,
}

impl AccountPatch {
    pub fn validated(mut self, account: &Account) -> Result<Self, ValidationError> {
        if let Some(n) = &self.display_name {
            self.display_name = Some(text::name("display_name", n)?);
        }
        if let Some(role) = self.role {
            if (role == Role::Admin) != account.council_id.is_none() {
                return Err(ValidationError::new(
                    "role",
                    "only an account outside every council can be admin, and it stays admin",
                ));
            }
        }
        if let Some(p) = &self.password {
            check_password(p)?;
        }
        Ok(self)
    }
}
