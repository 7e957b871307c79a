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

impl Role {
    /// Roles that run or see more than one person's part sign in with a
    /// password only; a pairing card is for a delegate's or guest's own laptop.
    pub fn signs_in_with_password(self) -> bool {
        !matches!(self, Role::Delegate | Role::Guest)
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
    /// A disabled account signs in nowhere; its sign-ins ended when it was
    /// disabled. It stays in the records (who did what).
    #[serde(default)]
    pub disabled: bool,
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
        self.username = username(&self.username)?;
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

/// A username as it is kept: lower case, letters a-z, digits, '.', '-', '_'.
fn username(value: &str) -> Result<String, ValidationError> {
    let name = text::name("username", &value.to_lowercase())?;
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(ValidationError::new(
            "username",
            "may contain only letters a-z, digits, '.', '-' and '_'",
        ));
    }
    if name.len() > 64 {
        return Err(ValidationError::new(
            "username",
            "must be at most 64 characters",
        ));
    }
    Ok(name)
}

/// Whether an account of `role` may stand for a person of `kind` (`None`:
/// for nobody): a delegate's account for a delegate, the chair's for a
/// delegate or nobody (the chair of a council is one of its delegates), a
/// guest's for an official or a guest; the secretariat's and the chamber
/// screen's for nobody.
pub fn check_account_person(
    role: Role,
    kind: Option<crate::PersonKind>,
) -> Result<(), ValidationError> {
    use crate::PersonKind::{Delegate, Guest, Official};
    let fits = match role {
        Role::Delegate => kind == Some(Delegate),
        Role::Chair => matches!(kind, None | Some(Delegate)),
        Role::Guest => matches!(kind, None | Some(Official | Guest)),
        Role::Admin | Role::Secretary | Role::Display => kind.is_none(),
    };
    if fits {
        Ok(())
    } else {
        let message = match role {
            Role::Delegate => "a delegate's account names the delegate it is for",
            Role::Chair => "the chair's account names a delegate (the chair is one) or nobody",
            Role::Guest => "a guest's account names an official or a guest, or nobody",
            _ => "this role's accounts are not one person's of the council",
        };
        Err(ValidationError::new("person_id", message))
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
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")]
    pub username: Option<String>,
    /// The person the account is for; `null` for nobody.
    #[serde(default, with = "crate::people::double_option")]
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<Option<i64>>,
    /// Disable (its sign-ins end) or enable again.
    pub disabled: Option<bool>,
}

impl AccountPatch {
    /// `has_password`: whether the account has one now (a delegate paired
    /// by card has none). `by`: the administrator making the change, who
    /// may not disable their own account.
    pub fn validated(
        mut self,
        account: &Account,
        has_password: bool,
        by: i64,
    ) -> Result<Self, ValidationError> {
        if let Some(n) = &self.display_name {
            self.display_name = Some(text::name("display_name", n)?);
        }
        if let Some(u) = &self.username {
            self.username = Some(username(u)?);
        }
        if self.disabled == Some(true) && account.id == by {
            return Err(ValidationError::new(
                "disabled",
                "you cannot disable your own account",
            ));
        }
        if account.role == Role::Admin && self.person_id.is_some_and(|p| p.is_some()) {
            return Err(ValidationError::new(
                "person_id",
                "the system administrator is nobody's account of a council",
            ));
        }
        if let Some(role) = self.role {
            if (role == Role::Admin) != account.council_id.is_none() {
                return Err(ValidationError::new(
                    "role",
                    "only an account outside every council can be admin, and it stays admin",
                ));
            }
            // A delegate made chair keeps one account (a person has one),
            // but the card's sign-ins must not become a chair's: the new
            // role comes with a password, and setting it ends them.
            if role.signs_in_with_password() && !has_password && self.password.is_none() {
                return Err(ValidationError::new(
                    "password",
                    format!("a {role} signs in with a password: set one with the new role"),
                ));
            }
        }
        if let Some(p) = &self.password {
            check_password(p)?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delegate_by_card() -> Account {
        Account {
            id: 7,
            username: "nguyenvana".into(),
            display_name: "Nguyễn Văn A".into(),
            role: Role::Delegate,
            council_id: Some(1),
            person_id: Some(3),
            must_change_password: false,
            disabled: false,
            created_at: chrono::Utc::now(),
        }
    }

    /// The administrator making the changes.
    const ADMIN: i64 = 1;

    #[test]
    fn nobody_disables_their_own_account() {
        let account = delegate_by_card();
        let disable = AccountPatch {
            disabled: Some(true),
            ..Default::default()
        };
        assert!(disable.clone().validated(&account, false, ADMIN).is_ok());
        let err = disable.validated(&account, false, account.id).unwrap_err();
        assert_eq!(err.field, "disabled");
    }

    #[test]
    fn a_new_username_is_checked_as_at_creation() {
        let account = delegate_by_card();
        let rename = |name: &str| AccountPatch {
            username: Some(name.into()),
            ..Default::default()
        };
        let ok = rename("Tran.Van-B")
            .validated(&account, false, ADMIN)
            .unwrap();
        assert_eq!(ok.username.as_deref(), Some("tran.van-b"));
        for bad in ["trần văn b", "", &"a".repeat(65)] {
            assert_eq!(
                rename(bad)
                    .validated(&account, false, ADMIN)
                    .unwrap_err()
                    .field,
                "username",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn an_account_stands_for_the_right_kind_of_person() {
        use crate::PersonKind::{Delegate, Guest, Official};
        assert!(check_account_person(Role::Delegate, Some(Delegate)).is_ok());
        assert!(check_account_person(Role::Chair, Some(Delegate)).is_ok());
        assert!(check_account_person(Role::Chair, None).is_ok());
        assert!(check_account_person(Role::Guest, Some(Official)).is_ok());
        assert!(check_account_person(Role::Secretary, None).is_ok());
        for (role, kind) in [
            (Role::Delegate, None),
            (Role::Delegate, Some(Official)),
            (Role::Chair, Some(Guest)),
            (Role::Guest, Some(Delegate)),
            (Role::Secretary, Some(Delegate)),
            (Role::Display, Some(Guest)),
        ] {
            assert_eq!(
                check_account_person(role, kind).unwrap_err().field,
                "person_id",
                "{role:?} for {kind:?}"
            );
        }
    }

    #[test]
    fn a_delegate_paired_by_card_becomes_chair_only_with_a_password() {
        let account = delegate_by_card();
        let to_chair = AccountPatch {
            role: Some(Role::Chair),
            ..Default::default()
        };
        assert_eq!(
            to_chair
                .clone()
                .validated(&account, false, ADMIN)
                .unwrap_err()
                .field,
            "password"
        );
        // Control: an account that has a password keeps it.
        assert!(to_chair.clone().validated(&account, true, ADMIN).is_ok());
        let with_password = AccountPatch {
            password: Some("mật-khẩu-chủ-tọa".into()),
            ..to_chair
        };
        assert!(with_password.validated(&account, false, ADMIN).is_ok());
        // Delegate and guest roles sign in by card: no password needed.
        let to_guest = AccountPatch {
            role: Some(Role::Guest),
            ..Default::default()
        };
        assert!(to_guest.validated(&account, false, ADMIN).is_ok());
    }
}
