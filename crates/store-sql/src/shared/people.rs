use async_trait::async_trait;

use super::councils::council_in;
use super::rows::{self, fetch_all, fetch_one, PERSON_COLUMNS};
use super::Conn;
use super::{SqlStore, WriteTx};
use kyhop_domain::events::Stream;
use kyhop_domain::text::name_key;
use std::collections::HashMap;

use kyhop_domain::{check_seats, NewPerson, PeopleImport, Person, PersonKind};
use kyhop_store::{Edit, ImportOutcome, PeopleStore, Result, Roster, RosterEntry, StoreError};

fn table(roster: Roster) -> &'static str {
    match roster {
        Roster::DelegateGroups => "delegate_groups",
        Roster::Committees => "committees",
    }
}

async fn roster_entry_in(conn: &mut Conn, roster: Roster, id: i64) -> Result<RosterEntry> {
    let sql = format!(
        "SELECT id, council_id, name FROM {} WHERE id = $1",
        table(roster)
    );
    match sqlx::query(&sql).bind(id).fetch_optional(conn).await? {
        Some(row) => rows::roster_entry(&row),
        None => Err(StoreError::NotFound(roster.noun())),
    }
}

pub(super) async fn person_in(conn: &mut Conn, id: i64) -> Result<Person> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = $1");
    fetch_one!(sqlx::query(&sql).bind(id), conn, rows::person, "person")
}

/// Checks that the group and committees a person is placed in belong to the
/// person's own council: ids from another council are refused, not linked.
async fn check_memberships(conn: &mut Conn, council_id: i64, p: &NewPerson) -> Result<()> {
    if let Some(group) = p.delegate_group_id {
        let ok = roster_entry_in(conn, Roster::DelegateGroups, group)
            .await
            .is_ok_and(|g| g.council_id == council_id);
        if !ok {
            return Err(StoreError::invalid_reference(
                "delegate_group_id",
                format!("no delegate group {group} in this council"),
            ));
        }
    }
    for &committee in &p.committee_ids {
        let ok = roster_entry_in(conn, Roster::Committees, committee)
            .await
            .is_ok_and(|c| c.council_id == council_id);
        if !ok {
            return Err(StoreError::invalid_reference(
                "committee_ids",
                format!("no committee {committee} in this council"),
            ));
        }
    }
    Ok(())
}

async fn set_committees(conn: &mut Conn, person_id: i64, committee_ids: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM committee_members WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for committee in committee_ids {
        sqlx::query("INSERT INTO committee_members (committee_id, person_id) VALUES ($1, $2)")
            .bind(committee)
            .bind(person_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Refuses more delegates in the council than it has seats.
pub(super) async fn check_seats_in(
    conn: &mut Conn,
    council_id: i64,
    total_seats: u32,
) -> Result<()> {
    let delegates: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE council_id = $1 AND kind = 'delegate'",
    )
    .bind(council_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(check_seats(
        u64::try_from(delegates).unwrap_or(0),
        total_seats,
    )?)
}

/// Refuses a roster name that is another entry's but for case and spacing
/// ([`kyhop_domain::text::name_key`]); the database's own uniqueness is
/// byte for byte.
async fn refuse_same_name(
    conn: &mut Conn,
    roster: Roster,
    council_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<()> {
    let sql = format!(
        "SELECT id, name FROM {} WHERE council_id = $1",
        table(roster)
    );
    let names: Vec<(i64, String)> = sqlx::query_as(&sql)
        .bind(council_id)
        .fetch_all(&mut *conn)
        .await?;
    let key = name_key(name);
    if names
        .iter()
        .any(|(id, other)| Some(*id) != except && name_key(other) == key)
    {
        return Err(StoreError::Duplicate(format!(
            "already exists: {}.name",
            table(roster)
        )));
    }
    Ok(())
}

/// Adds a group or committee (refused when the council has one of that
/// name but for case and spacing), with its event.
async fn insert_roster_entry(
    tx: &mut WriteTx<'_>,
    roster: Roster,
    council_id: i64,
    name: String,
) -> Result<RosterEntry> {
    refuse_same_name(tx.conn(), roster, council_id, &name, None).await?;
    let sql = format!(
        "INSERT INTO {} (council_id, name) VALUES ($1, $2) RETURNING id",
        table(roster)
    );
    let id = sqlx::query_scalar::<_, i64>(&sql)
        .bind(council_id)
        .bind(&name)
        .fetch_one(tx.conn())
        .await?;
    let entry = RosterEntry {
        id,
        council_id,
        name,
    };
    let kind = format!("{}.created", roster.noun());
    tx.emit(
        Stream::Council(council_id),
        &kind,
        &serde_json::json!({ "id": id, "name": entry.name }),
    )
    .await?;
    Ok(entry)
}

/// Adds a person with their group and committees, with its event (the
/// caller checks the seats once it has added everyone).
async fn insert_person(tx: &mut WriteTx<'_>, council_id: i64, new: NewPerson) -> Result<Person> {
    check_memberships(tx.conn(), council_id, &new).await?;
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO people (council_id, kind, full_name, position_title, organization, delegate_group_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(council_id)
    .bind(new.kind.as_str())
    .bind(&new.full_name)
    .bind(&new.position_title)
    .bind(&new.organization)
    .bind(new.delegate_group_id)
    .fetch_one(tx.conn())
        .await?;
    set_committees(tx.conn(), id, &new.committee_ids).await?;
    let person = Person {
        id,
        council_id,
        kind: new.kind,
        full_name: new.full_name,
        position_title: new.position_title,
        organization: new.organization,
        delegate_group_id: new.delegate_group_id,
        committee_ids: new.committee_ids,
    };
    tx.emit(Stream::Council(council_id), "person.created", &person)
        .await?;
    Ok(person)
}

#[async_trait]
impl PeopleStore for SqlStore {
    async fn create_roster_entry(
        &self,
        actor: i64,
        roster: Roster,
        council_id: i64,
        name: String,
    ) -> Result<RosterEntry> {
        let mut tx = self.write(Some(actor)).await?;
        let entry = insert_roster_entry(&mut tx, roster, council_id, name).await?;
        tx.commit().await?;
        Ok(entry)
    }

    async fn roster(&self, roster: Roster, council_id: i64) -> Result<Vec<RosterEntry>> {
        let sql = format!(
            "SELECT id, council_id, name FROM {} WHERE council_id = $1 ORDER BY id",
            table(roster)
        );
        fetch_all!(
            sqlx::query(&sql).bind(council_id),
            &self.reader,
            rows::roster_entry
        )
    }

    async fn roster_entry(&self, roster: Roster, id: i64) -> Result<RosterEntry> {
        let mut conn = self.reader.acquire().await?;
        roster_entry_in(&mut conn, roster, id).await
    }

    async fn rename_roster_entry(
        &self,
        actor: i64,
        roster: Roster,
        id: i64,
        name: String,
    ) -> Result<RosterEntry> {
        let mut tx = self.write(Some(actor)).await?;
        let mut entry = roster_entry_in(tx.conn(), roster, id).await?;
        refuse_same_name(tx.conn(), roster, entry.council_id, &name, Some(id)).await?;
        let sql = format!("UPDATE {} SET name = $1 WHERE id = $2", table(roster));
        sqlx::query(&sql)
            .bind(&name)
            .bind(id)
            .execute(tx.conn())
            .await?;
        entry.name = name;
        let kind = format!("{}.updated", roster.noun());
        tx.emit(
            Stream::Council(entry.council_id),
            &kind,
            &serde_json::json!({ "id": id, "name": entry.name }),
        )
        .await?;
        tx.commit().await?;
        Ok(entry)
    }

    async fn delete_roster_entry(&self, actor: i64, roster: Roster, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let entry = roster_entry_in(tx.conn(), roster, id).await?;
        tx.delete(
            table(roster),
            id,
            Stream::Council(entry.council_id),
            roster.noun(),
        )
        .await?;
        tx.commit().await
    }

    async fn create_person(&self, actor: i64, council_id: i64, new: NewPerson) -> Result<Person> {
        let mut tx = self.write(Some(actor)).await?;
        let delegate = new.kind == PersonKind::Delegate;
        let person = insert_person(&mut tx, council_id, new).await?;
        if delegate {
            let seats = council_in(tx.conn(), council_id)
                .await?
                .settings
                .total_seats;
            check_seats_in(tx.conn(), council_id, seats).await?;
        }
        tx.commit().await?;
        Ok(person)
    }

    async fn import_people(
        &self,
        actor: i64,
        council_id: i64,
        import: PeopleImport,
    ) -> Result<ImportOutcome> {
        let mut tx = self.write(Some(actor)).await?;
        let seats = council_in(tx.conn(), council_id)
            .await?
            .settings
            .total_seats;
        let mut outcome = ImportOutcome::default();
        // Groups and committees by name as the secretary typed them: found,
        // or made in this same transaction.
        let mut known: [HashMap<String, i64>; 2] = Default::default();
        for (slot, roster) in [Roster::DelegateGroups, Roster::Committees]
            .into_iter()
            .enumerate()
        {
            let sql = format!(
                "SELECT id, name FROM {} WHERE council_id = $1",
                table(roster)
            );
            let rows: Vec<(i64, String)> = sqlx::query_as(&sql)
                .bind(council_id)
                .fetch_all(tx.conn())
                .await?;
            known[slot] = rows
                .into_iter()
                .map(|(id, name)| (name_key(&name), id))
                .collect();
        }
        for row in import.people {
            let mut ids = Vec::new();
            let group = row
                .delegate_group
                .iter()
                .map(|n| (Roster::DelegateGroups, n));
            let committees = row.committees.iter().map(|n| (Roster::Committees, n));
            for (roster, name) in group.chain(committees) {
                let slot = usize::from(roster == Roster::Committees);
                let id = match known[slot].get(&name_key(name)) {
                    Some(&id) => id,
                    None => {
                        let entry =
                            insert_roster_entry(&mut tx, roster, council_id, name.clone()).await?;
                        known[slot].insert(name_key(name), entry.id);
                        let id = entry.id;
                        match roster {
                            Roster::DelegateGroups => outcome.groups_created.push(entry.into()),
                            Roster::Committees => outcome.committees_created.push(entry.into()),
                        }
                        id
                    }
                };
                ids.push((roster, id));
            }
            let new = NewPerson {
                kind: row.kind,
                full_name: row.full_name,
                position_title: row.position_title,
                organization: row.organization,
                delegate_group_id: ids
                    .iter()
                    .find(|(r, _)| *r == Roster::DelegateGroups)
                    .map(|(_, id)| *id),
                committee_ids: ids
                    .iter()
                    .filter(|(r, _)| *r == Roster::Committees)
                    .map(|(_, id)| *id)
                    .collect(),
            }
            .validated()?;
            outcome
                .people
                .push(insert_person(&mut tx, council_id, new).await?);
        }
        check_seats_in(tx.conn(), council_id, seats).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn people(&self, council_id: i64, kind: Option<PersonKind>) -> Result<Vec<Person>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE council_id = $1 AND ($2 IS NULL OR kind = $2) ORDER BY id"
        );
        fetch_all!(
            sqlx::query(&sql)
                .bind(council_id)
                .bind(kind.map(|k| k.as_str())),
            &self.reader,
            rows::person
        )
    }

    async fn person(&self, id: i64) -> Result<Person> {
        let mut conn = self.reader.acquire().await?;
        person_in(&mut conn, id).await
    }

    async fn update_person(&self, actor: i64, id: i64, edit: Edit<Person>) -> Result<Person> {
        let mut tx = self.write(Some(actor)).await?;
        let current = person_in(tx.conn(), id).await?;
        let person = edit(&current)?;
        let as_new = NewPerson {
            kind: person.kind,
            full_name: person.full_name.clone(),
            position_title: person.position_title.clone(),
            organization: person.organization.clone(),
            delegate_group_id: person.delegate_group_id,
            committee_ids: person.committee_ids.clone(),
        };
        check_memberships(tx.conn(), person.council_id, &as_new).await?;
        sqlx::query(
            "UPDATE people SET kind = $1, full_name = $2, position_title = $3, organization = $4,
                delegate_group_id = $5 WHERE id = $6",
        )
        .bind(person.kind.as_str())
        .bind(&person.full_name)
        .bind(&person.position_title)
        .bind(&person.organization)
        .bind(person.delegate_group_id)
        .bind(id)
        .execute(tx.conn())
        .await?;
        set_committees(tx.conn(), id, &person.committee_ids).await?;
        if person.kind == PersonKind::Delegate && current.kind != PersonKind::Delegate {
            let seats = council_in(tx.conn(), person.council_id)
                .await?
                .settings
                .total_seats;
            check_seats_in(tx.conn(), person.council_id, seats).await?;
        }
        tx.emit(
            Stream::Council(person.council_id),
            "person.updated",
            &person,
        )
        .await?;
        tx.commit().await?;
        Ok(person)
    }

    async fn delete_person(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let person = person_in(tx.conn(), id).await?;
        tx.delete("people", id, Stream::Council(person.council_id), "person")
            .await?;
        tx.commit().await
    }
}
