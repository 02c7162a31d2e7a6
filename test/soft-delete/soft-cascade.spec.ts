import type { Knex } from 'knex';
import { expect } from 'chai';
import {
  auditDeletions,
  BaseModel,
  belongsToOne,
  type DeletedBatch,
  type DeleteHook,
  DeleteRestrictedError,
  Deletion,
  hasMany,
  ParentDeletedError,
  recordQueries,
  UniqueViolationError,
} from '../../lib';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';

const SOFT = { column: 'deleted_at', deletionColumn: 'deletion_id' };

// What the hooks were handed: table, soft or hard, how many rows.
const hooked: string[] = [];
const recordBatch: DeleteHook = {
  readsRows: false,
  async before({ modelClass, isSoft, rowsQuery }: DeletedBatch) {
    const [row] = (await rowsQuery().count({ n: '*' })) as Array<{ n: unknown }>;
    hooked.push(`${modelClass.tableName} ${isSoft ? 'soft' : 'hard'} ${Number(row?.n)}`);
  },
};

// Three soft-deletable levels (account → projects → tasks), a dependent that is not
// soft-deletable (a project's notes), and a restrict (an account's invoices).
class Account extends BaseModel {
  static override tableName = 'spec_accounts';
  static override hasTimestamps = false;
  static override softDelete = SOFT;
  static override deleteHooks = [recordBatch];
  declare id: number;
  declare name: string;
  declare projects?: Project[];
  declare invoices?: Invoice[];

  static override relationMappings = () => ({
    projects: hasMany(Project, {
      from: 'spec_accounts.id',
      to: 'spec_projects.account_id',
      inverse: 'account',
      onDelete: 'cascade',
    }),
    invoices: hasMany(Invoice, {
      from: 'spec_accounts.id',
      to: 'spec_invoices.account_id',
      inverse: 'account',
      onDelete: 'restrict',
    }),
  });
}

class Project extends BaseModel {
  static override tableName = 'spec_projects';
  static override hasTimestamps = false;
  static override softDelete = SOFT;
  static override deleteHooks = [recordBatch];
  declare id: number;
  declare account_id: number;
  declare name: string;
  declare tasks?: Task[];
  declare notes?: Note[];

  static override relationMappings = () => ({
    account: belongsToOne(Account, {
      from: 'spec_projects.account_id',
      to: 'spec_accounts.id',
      inverse: 'projects',
    }),
    tasks: hasMany(Task, {
      from: 'spec_projects.id',
      to: 'spec_tasks.project_id',
      inverse: 'project',
      onDelete: 'cascade',
    }),
    notes: hasMany(Note, {
      from: 'spec_projects.id',
      to: 'spec_notes.project_id',
      inverse: 'project',
      onDelete: 'cascade',
    }),
  });
}

class Task extends BaseModel {
  static override tableName = 'spec_tasks';
  static override hasTimestamps = false;
  static override softDelete = SOFT;
  static override deleteHooks = [recordBatch];
  declare id: number;
  declare project_id: number;
  declare title: string;

  static override relationMappings = () => ({
    project: belongsToOne(Project, {
      from: 'spec_tasks.project_id',
      to: 'spec_projects.id',
      inverse: 'tasks',
    }),
  });
}

class Note extends BaseModel {
  static override tableName = 'spec_notes';
  static override hasTimestamps = false;
  declare id: number;
  declare project_id: number;
  declare text: string;

  static override relationMappings = () => ({
    project: belongsToOne(Project, {
      from: 'spec_notes.project_id',
      to: 'spec_projects.id',
      inverse: 'notes',
    }),
  });
}

class Invoice extends BaseModel {
  static override tableName = 'spec_invoices';
  static override hasTimestamps = false;
  static override softDelete = SOFT;
  declare id: number;
  declare account_id: number;

  static override relationMappings = () => ({
    account: belongsToOne(Account, {
      from: 'spec_invoices.account_id',
      to: 'spec_accounts.id',
      inverse: 'invoices',
    }),
  });
}

class AuditedAccount extends Account {
  static override deleteHooks = [recordBatch, auditDeletions];
}

describeEachDialect('Soft delete | through the delete policies', (db) => {
  before(async () => {
    for (const table of [
      'spec_invoices',
      'spec_notes',
      'spec_tasks',
      'spec_projects',
      'spec_accounts',
    ]) {
      await db.knex.schema.dropTableIfExists(table);
    }
    const softColumns = (t: Knex.CreateTableBuilder) => {
      t.timestamp('deleted_at', { useTz: true }).nullable();
      t.string('deletion_id', 36).nullable();
    };
    await db.knex.schema.createTable('spec_accounts', (t) => {
      t.increments('id');
      t.string('name', 50).notNullable();
      softColumns(t);
    });
    await db.knex.schema.createTable('spec_projects', (t) => {
      t.increments('id');
      t.integer('account_id')
        .notNullable()
        .references('id')
        .inTable('spec_accounts')
        .onDelete('CASCADE')
        .index();
      t.string('name', 50).notNullable();
      softColumns(t);
      // A project's name is unique in its account among the live projects only.
      t.unique(['account_id', 'name'], {
        indexName: 'spec_projects_live_name_unique',
        predicate: db.knex.whereNull('deleted_at'),
      });
    });
    await db.knex.schema.createTable('spec_tasks', (t) => {
      t.increments('id');
      t.integer('project_id')
        .notNullable()
        .references('id')
        .inTable('spec_projects')
        .onDelete('CASCADE')
        .index();
      t.string('title', 50).notNullable();
      softColumns(t);
    });
    await db.knex.schema.createTable('spec_notes', (t) => {
      t.increments('id');
      t.integer('project_id')
        .notNullable()
        .references('id')
        .inTable('spec_projects')
        .onDelete('CASCADE')
        .index();
      t.string('text', 50).notNullable();
    });
    await db.knex.schema.createTable('spec_invoices', (t) => {
      t.increments('id');
      t.integer('account_id')
        .notNullable()
        .references('id')
        .inTable('spec_accounts')
        .onDelete('RESTRICT')
        .index();
      softColumns(t);
    });
  });

  after(async () => {
    for (const table of [
      'spec_invoices',
      'spec_notes',
      'spec_tasks',
      'spec_projects',
      'spec_accounts',
    ]) {
      await db.knex.schema.dropTableIfExists(table);
    }
  });

  beforeEach(() => {
    hooked.length = 0;
  });

  async function accounts(projectsEach: number, tasksEach: number) {
    const graph = ['Acme', 'Initech'].map((name) => ({
      name,
      projects: Array.from({ length: projectsEach }, (_, p) => ({
        name: `P${p}`,
        tasks: Array.from({ length: tasksEach }, (_, t) => ({ title: `T${p}.${t}` })),
        notes: [{ text: `note ${p}` }],
      })),
    }));
    return Account.query().insertGraph(graph);
  }

  const liveCounts = async () => ({
    accounts: await Account.query().resultSize(),
    projects: await Project.query().resultSize(),
    tasks: await Task.query().resultSize(),
    notes: await Note.query().resultSize(),
  });

  it('soft-deletes three levels in the same statements for 1 row or 100', async () => {
    const [small] = await accounts(1, 1);
    const [big] = await accounts(10, 10);
    const few = await recordQueries(db.knex, () => Account.query().deleteById(small!.id));
    const many = await recordQueries(db.knex, () => Account.query().deleteById(big!.id));

    const expected = [
      'begin',
      'select spec_accounts',
      'select spec_invoices',
      'select spec_projects',
      'select spec_tasks',
      'select spec_tasks',
      'select spec_projects',
      'select spec_accounts',
      'update spec_tasks',
      'update spec_projects',
      'update spec_accounts',
      'commit',
    ];
    expect(shapesOf(few.queries)).to.deep.equal(expected);
    expect(shapesOf(many.queries)).to.deep.equal(expected);
    expect(few.result).to.equal(1);
    // The rows stay, marked; the notes, not soft-deletable, are left alone with their project.
    expect(await liveCounts()).to.deep.equal({ accounts: 2, projects: 11, tasks: 101, notes: 22 });
    expect(await Task.query().withDeleted().resultSize()).to.equal(202);
  });

  it('hands the hooks each level, flagged soft, and the audit records the kind', async () => {
    const [acme] = await accounts(2, 3);
    await AuditedAccount.query().deleteById(acme!.id);

    expect(hooked).to.deep.equal([
      'spec_tasks soft 6',
      'spec_projects soft 2',
      'spec_accounts soft 1',
    ]);
    const trail = await Deletion.query().orderBy('id');
    expect(trail.map((d) => [d.table_name, d.row_id, d.kind])).to.deep.equal([
      ['spec_accounts', acme!.id, 'soft'],
    ]);
  });

  it('restores exactly what one soft delete reached, not rows deleted before by another', async () => {
    const [acme] = await accounts(2, 2);
    const [p0, p1] = acme!.projects!;
    await Task.query().deleteById(p0!.tasks![0]!.id);
    await Project.query().deleteById(p1!.id);
    await Account.query().deleteById(acme!.id);
    expect((await liveCounts()).tasks).to.equal(4);

    const restored = await Account.query().findById(acme!.id).restore();

    expect(restored).to.equal(1);
    const projects = await Project.query().where('account_id', acme!.id).orderBy('name');
    expect(projects.map((p) => p.name)).to.deep.equal(['P0']);
    const tasks = await Task.query().whereIn('project_id', [p0!.id, p1!.id]).orderBy('title');
    expect(tasks.map((t) => t.title)).to.deep.equal(['T0.1']);
    expect(await Project.query().onlyDeleted().resultSize()).to.equal(1);
    expect(await Task.query().onlyDeleted().resultSize()).to.equal(3);
  });

  it('restores an instance, in one SELECT and one UPDATE per level', async () => {
    const [acme] = await accounts(3, 3);
    await acme!.$query().delete();

    const { queries, result } = await recordQueries(db.knex, () => acme!.$query().restore());

    expect(result).to.equal(1);
    expect(shapesOf(queries)).to.deep.equal([
      'begin',
      'select spec_accounts',
      'select spec_projects',
      'select spec_tasks',
      'update spec_projects',
      'update spec_tasks',
      'update spec_accounts',
      'commit',
    ]);
    expect(await liveCounts()).to.deep.equal({ accounts: 2, projects: 6, tasks: 18, notes: 6 });
  });

  it('refuses to restore a row whose parent is still deleted, and writes nothing', async () => {
    const [acme] = await accounts(1, 1);
    const project = acme!.projects![0]!;
    await Account.query().deleteById(acme!.id);
    const before = await snapshotDatabase(db.knex);

    const error = await Project.query()
      .findById(project.id)
      .restore()
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(ParentDeletedError);
    expect(error).to.include({ code: 'PARENT_DELETED', statusCode: 409, relation: 'account' });
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('restrict counts only live dependents', async () => {
    const [acme] = await accounts(1, 1);
    const [invoice] = await Invoice.query().insert([{ account_id: acme!.id }]);
    const refused = await Account.query()
      .deleteById(acme!.id)
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(DeleteRestrictedError);

    await Invoice.query().deleteById(invoice!.id);
    expect(await Account.query().deleteById(acme!.id)).to.equal(1);
  });

  it('a hard delete removes the rows, soft-deleted dependents and restricted ones included', async () => {
    const [acme] = await accounts(2, 2);
    await Invoice.query().insert([{ account_id: acme!.id }]);
    await Invoice.query().delete();
    await Project.query().deleteById(acme!.projects![0]!.id);

    expect(await Account.query().findById(acme!.id).hardDelete()).to.equal(1);

    expect(hooked.slice(-3)).to.deep.equal([
      'spec_tasks hard 4',
      'spec_projects hard 2',
      'spec_accounts hard 1',
    ]);
    const left = await db.knex('spec_projects').where('account_id', acme!.id);
    expect(left).to.deep.equal([]);
    expect(await db.knex('spec_invoices').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });

  it('purges the rows soft-deleted before a date, and only those', async () => {
    const [acme, initech] = await accounts(1, 1);
    await Account.query().deleteById(acme!.id);
    const cutoff = new Date(Date.now() + 1000);
    await db
      .knex('spec_accounts')
      .where('id', initech!.id)
      .update({
        deleted_at: new Date(Date.now() + 60_000).toISOString(),
        deletion_id: 'later',
      });

    expect(await Account.query().purgeDeletedBefore(cutoff)).to.equal(1);

    const left = await db.knex('spec_accounts').orderBy('id');
    expect(left.map((row: { name: string }) => row.name)).to.deep.equal(['Initech']);
  });

  it('a unique name is free again once its row is soft-deleted, and taken while it is live', async () => {
    const [acme] = await accounts(1, 0);
    const taken = await Project.query()
      .insert({ account_id: acme!.id, name: 'P0' })
      .catch((e: unknown) => e);
    expect(taken).to.be.instanceOf(UniqueViolationError);

    await Project.query().where('name', 'P0').where('account_id', acme!.id).delete();
    const again = await Project.query().insert({ account_id: acme!.id, name: 'P0' });

    expect(again.name).to.equal('P0');
    expect(await Project.query().withDeleted().where('account_id', acme!.id).resultSize()).to.equal(
      2,
    );
  });
});
