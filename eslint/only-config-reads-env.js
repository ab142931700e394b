// @ts-check
/**
 * `paperboy/only-config-reads-env`: nothing but src/config.ts may reach `process.env`.
 *
 * `no-restricted-properties` only sees the spelling `process.env`; this rule follows the
 * value instead. The global `process` (and `globalThis.process`, `global.process`, a default
 * or namespace import of `node:process`) may only be used as `process.<name>` with a name
 * other than `env`. Every other use — `const proc = process`, `const { env } = process`,
 * `process[key]`, `Reflect.get(process, 'env')`, passing `process` to a function — is
 * reported, because once the object escapes, lint can no longer tell what reads its `env`.
 * Code that needs stdout, argv or signals names them directly: `process.stdout`.
 */

const PROCESS_MODULES = new Set(['process', 'node:process']);
/** Names under which the global object itself is reachable. */
const GLOBAL_OBJECTS = ['globalThis', 'global'];

const TS_WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion']);

/** The node whose parent decides how a value is used: `(x as T)!` counts as `x`. */
function outermost(node) {
  let current = node;
  while (current.parent && TS_WRAPPERS.has(current.parent.type) && current.parent.expression === current) {
    current = current.parent;
  }
  return current;
}

/** The statically known property name of a member access, or undefined if it is computed at run time. */
function propertyName(member) {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.property.type === 'Literal') return String(member.property.value);
  if (member.property.type === 'TemplateLiteral' && member.property.expressions.length === 0) {
    return member.property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The member access `value.<name>` that `value` is the object of, if that is how it is used. */
function memberOf(node) {
  const value = outermost(node);
  const parent = value.parent;
  return parent?.type === 'MemberExpression' && parent.object === value ? parent : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const onlyConfigReadsEnv = {
  meta: {
    type: 'problem',
    docs: { description: 'Only src/config.ts reads process.env, by any route.' },
    schema: [],
    messages: {
      env: 'Only src/config.ts reads process.env: add the setting to the config schema there and pass it in.',
      escape:
        '`{{name}}` may only be used as `{{name}}.<name>` outside src/config.ts (so no route to process.env hides); name what you need directly, e.g. `process.stdout`.',
      envImport: 'Only src/config.ts reads the environment: `env` from `{{module}}` is process.env.',
      dynamic: 'Import `{{module}}` statically (`import { stdout } from "node:process"`) so lint can see what is used.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;

    /** `node` evaluates to the process object: it may only be the object of `.name` (name ≠ env). */
    function checkProcessValue(node, name) {
      const member = memberOf(node);
      if (!member) {
        context.report({ node, messageId: 'escape', data: { name } });
        return;
      }
      const property = propertyName(member);
      if (property === undefined) context.report({ node: member, messageId: 'escape', data: { name } });
      else if (property === 'env') context.report({ node: member, messageId: 'env' });
    }

    /** `node` evaluates to the global object: `.process` on it is the process object. */
    function checkGlobalValue(node, name) {
      const member = memberOf(node);
      if (!member) {
        context.report({ node, messageId: 'escape', data: { name } });
        return;
      }
      const property = propertyName(member);
      if (property === undefined) context.report({ node: member, messageId: 'escape', data: { name } });
      else if (property === 'process') checkProcessValue(member, `${name}.process`);
      else if (GLOBAL_OBJECTS.includes(property)) checkGlobalValue(member, `${name}.${property}`);
    }

    /** Value references (not type positions) to a variable, or to an undeclared global of that name. */
    function valueReferences(scope, name) {
      const variable = scope.set.get(name);
      const references = variable
        ? variable.references
        : scope.through.filter((reference) => reference.identifier.name === name);
      return references.filter((reference) => reference.isValueReference !== false);
    }

    function checkImport(node) {
      const module = node.source?.value;
      if (typeof module !== 'string' || !PROCESS_MODULES.has(module)) return;
      if (node.type === 'ExportAllDeclaration') {
        context.report({ node, messageId: 'envImport', data: { module } });
        return;
      }
      for (const specifier of node.specifiers ?? []) {
        const imported = specifier.type === 'ImportSpecifier' ? specifier.imported : specifier.local;
        const importedName = imported.type === 'Identifier' ? imported.name : imported.value;
        const isWholeModule =
          specifier.type === 'ImportDefaultSpecifier' ||
          specifier.type === 'ImportNamespaceSpecifier' ||
          importedName === 'default';
        if (node.type === 'ExportNamedDeclaration') {
          if (isWholeModule || specifier.local.name === 'env' || importedName === 'env') {
            context.report({ node: specifier, messageId: 'envImport', data: { module } });
          }
        } else if (isWholeModule) {
          for (const variable of sourceCode.getDeclaredVariables(specifier)) {
            for (const reference of variable.references) checkProcessValue(reference.identifier, variable.name);
          }
        } else if (importedName === 'env') {
          context.report({ node: specifier, messageId: 'envImport', data: { module } });
        }
      }
    }

    return {
      ImportDeclaration: checkImport,
      ExportNamedDeclaration: checkImport,
      ExportAllDeclaration: checkImport,
      ImportExpression(node) {
        const module = node.source.type === 'Literal' ? node.source.value : undefined;
        if (typeof module === 'string' && PROCESS_MODULES.has(module)) {
          context.report({ node, messageId: 'dynamic', data: { module } });
        }
      },
      'Program:exit'(program) {
        const globalScope = sourceCode.getScope(program);
        for (const reference of valueReferences(globalScope, 'process')) {
          checkProcessValue(reference.identifier, 'process');
        }
        for (const name of GLOBAL_OBJECTS) {
          for (const reference of valueReferences(globalScope, name)) checkGlobalValue(reference.identifier, name);
        }
      },
    };
  },
};

export default {
  meta: { name: 'paperboy' },
  rules: { 'only-config-reads-env': onlyConfigReadsEnv },
};
