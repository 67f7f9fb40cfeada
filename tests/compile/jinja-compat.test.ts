import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import {
  CompilerError,
  findCompilerError,
  installJinjaCompat,
  type JinjaCompatOptions,
  type JinjaLogEvent,
} from "../../src/compile/jinja/index.ts";

// Expected outputs were checked against Jinja 3.1.6 under Python 3 where
// Jinja has the feature. dbt's functions (return, log, exceptions, modules)
// are not part of Jinja; their tests follow src/compile/jinja/README.md.

function createEnvironment(options?: JinjaCompatOptions): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false });
  installJinjaCompat(env, options);
  return env;
}

function render(template: string, context: object = {}): string {
  return createEnvironment().renderString(template, context);
}

function renderError(template: string, context: object = {}): Error {
  try {
    render(template, context);
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error(`rendering ${template} did not fail`);
}

type Case = [template: string, expected: string];

describe("do tag", () => {
  it.each<Case>([
    ["{% set x = [] %}{% do x.append(1) %}{{ x }}", "[1]"],
    ["{% set d = {} %}{% do d.update({'a': 1}) %}{{ d }}", "{'a': 1}"],
    ["a{% do [1].pop() %}b", "ab"],
    ["a{%- do 1 -%}  b", "ab"],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe("namespace", () => {
  it("keeps an assignment made inside a loop", () => {
    const template =
      "{% set ns = namespace(found=false) %}" +
      "{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = true %}" +
      "{% endif %}{% endfor %}{{ ns.found }}";
    expect(render(template)).toBe("True");
  });

  it("accumulates across iterations", () => {
    const template =
      "{% set ns = namespace(total=0) %}" +
      "{% for x in [1, 2, 3] %}{% set ns.total = ns.total + x %}{% endfor %}" +
      "{{ ns.total }}";
    expect(render(template)).toBe("6");
  });

  it("takes a mapping and a block assignment", () => {
    expect(render("{{ namespace({'a': 1}).a }}")).toBe("1");
    expect(
      render(
        "{% set ns = namespace() %}{% set ns.text %}hi{% endset %}{{ ns.text }}",
      ),
    ).toBe("hi");
  });

  it("rejects attribute assignment on other objects", () => {
    const error = renderError("{% set x = {} %}{% set x.a = 1 %}");
    expect(error.message).toContain(
      "cannot assign attribute on non-namespace object",
    );
  });
});

describe("string methods", () => {
  it.each<Case>([
    ["{{ 'Abc'.upper() }}|{{ 'AbC'.lower() }}", "ABC|abc"],
    ["{{ '  x  '.strip() }}|{{ 'xxaxx'.strip('x') }}", "x|a"],
    ["{{ '  a  '.lstrip() }}|{{ '  a  '.rstrip() }}", "a  |  a"],
    ["{{ 'a b  c'.split() }}", "['a', 'b', 'c']"],
    [
      "{{ 'a,b,,c'.split(',') }}|{{ 'a,b,,c'.split(',', 1) }}",
      "['a', 'b', '', 'c']|['a', 'b,,c']",
    ],
    ["{{ 'a,b,c'.rsplit(',', 1) }}", "['a,b', 'c']"],
    [
      "{{ 'a-b-c'.replace('-', '+') }}|{{ 'a-b-c'.replace('-', '+', 1) }}",
      "a+b+c|a+b-c",
    ],
    [
      "{{ 'abc'.startswith(('x', 'a')) }}|{{ 'abc'.endswith('bc') }}",
      "True|True",
    ],
    [
      "{{ \"they're bill's\".title() }}|{{ 'HELLO wORLD'.title() }}",
      "They'Re Bill'S|Hello World",
    ],
    ["{{ 'hello world'.capitalize() }}", "Hello world"],
    [
      "{{ '{} and {}'.format(1, 'x') }}|{{ '{name}!'.format(name='n') }}",
      "1 and x|n!",
    ],
    [
      "{{ '{0:>5}|{1!r}|{2:.2f}|{3:,}|{4:08.3f}'.format('a', 'q', 3.14159, 1234567, 3.14159) }}",
      "    a|'q'|3.14|1,234,567|0003.142",
    ],
    ["{{ ', '.join(['a', 'b']) }}|{{ ',\\n'.join(['a', 'b']) }}", "a, b|a,\nb"],
    [
      "{{ 'banana'.find('an') }}|{{ 'banana'.find('x') }}|{{ 'banana'.count('an') }}",
      "1|-1|2",
    ],
    ["{{ '42'.zfill(5) }}|{{ '-42'.zfill(6) }}", "00042|-00042"],
    [
      "{{ 'ab'.ljust(5, '.') }}|{{ 'ab'.rjust(5) }}|{{ 'ab'.center(7, '*') }}",
      "ab...|   ab|***ab**",
    ],
    [
      "{{ 'a\\nb\\r\\nc'.splitlines() }}|{{ 'k=v=w'.partition('=') }}",
      "['a', 'b', 'c']|('k', '=', 'v=w')",
    ],
    ["{{ caller_text.strip() }}", "x"],
  ])("renders %s", (template, expected) => {
    const callerText = new nunjucks.runtime.SafeString(" x ");
    expect(render(template, { caller_text: callerText })).toBe(expected);
  });

  it("rejects joining a number, as Python does", () => {
    expect(renderError("{{ ','.join([1]) }}").message).toContain(
      "TypeError: sequence item 0: expected str instance, int found",
    );
  });
});

describe("list methods", () => {
  it.each<Case>([
    [
      "{% set x = [1] %}{% do x.append(2) %}{% do x.extend([3]) %}{{ x }}",
      "[1, 2, 3]",
    ],
    ["{% set x = [1, 2, 3] %}{% do x.insert(-1, 9) %}{{ x }}", "[1, 2, 9, 3]"],
    ["{% set x = [1, 2, 3] %}{{ x.pop() }}|{{ x.pop(0) }}|{{ x }}", "3|1|[2]"],
    ["{% set x = [1, 2, 1] %}{% do x.remove(1) %}{{ x }}", "[2, 1]"],
    ["{{ ['a', 'b'].index('b') }}|{{ [1, 2, 1].count(1) }}", "1|2"],
    ["{% set x = [3, 1, 2] %}{% do x.sort() %}{{ x }}", "[1, 2, 3]"],
    [
      "{% set x = [10, 9, 100] %}{% do x.sort(reverse=true) %}{{ x }}",
      "[100, 10, 9]",
    ],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each<Case>([
    ["{{ [].pop() }}", "IndexError: pop from empty list"],
    ["{{ [1].remove(2) }}", "ValueError: list.remove(x): x not in list"],
    ["{{ [1].index(2) }}", "ValueError: 2 is not in list"],
  ])("raises for %s", (template, message) => {
    expect(renderError(template).message).toContain(message);
  });
});

describe("dict methods", () => {
  it.each<Case>([
    [
      "{{ {'a': 1}.items() }}|{{ {'a': 1}.keys() }}|{{ {'a': 1}.values() }}",
      "[('a', 1)]|['a']|[1]",
    ],
    ["{% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}{% endfor %}", "a=1"],
    [
      "{% set d = {'a': 1} %}{{ d.get('a') }}|{{ d.get('b') }}|{{ d.get('b', 2) }}",
      "1|None|2",
    ],
    [
      "{% set d = {'a': 1} %}{% do d.update({'b': 2}, c=3) %}{{ d }}",
      "{'a': 1, 'b': 2, 'c': 3}",
    ],
    [
      "{% set d = {'a': 1} %}{{ d.pop('a') }}|{{ d.pop('z', 0) }}|{{ d }}",
      "1|0|{}",
    ],
    ["{% set d = {} %}{{ d.setdefault('k', []) }}|{{ d }}", "[]|{'k': []}"],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it("raises KeyError for a missing key", () => {
    expect(renderError("{{ {}.pop('z') }}").message).toContain("KeyError: 'z'");
  });

  it("keeps an object's own get method", () => {
    const config = { get: (key: string) => `config:${key}` };
    expect(render("{{ config.get('materialized') }}", { config })).toBe(
      "config:materialized",
    );
  });
});

describe("percent formatting", () => {
  it.each<Case>([
    ["{{ '%s and %d' % ('x', 3.7) }}", "x and 3"],
    ["{{ '%(name)s is %(age)d' % {'name': 'a', 'age': 3} }}", "a is 3"],
    ["{{ '%5.1f|%-4s|%03d' % (3.14159, 'a', 7) }}", "  3.1|a   |007"],
    ["{{ '%x|%r|%%|%+d|% d' % (255, 'q', 5, 5) }}", "ff|'q'|%|+5| 5"],
    [
      "{{ '%.3e|%g|%10.4g' % (12345.678, 0.00001, 3.14159265) }}",
      "1.235e+04|1e-05|     3.142",
    ],
    ["{{ '%.2f|%.0f|%.2f' % (0.125, 2.5, 2.675) }}", "0.12|2|2.67"],
    ["{{ '%s' % 'a' }}|{{ '%s' % [1, 2] }}", "a|[1, 2]"],
    ["{% set n = 5 %}{{ 'n=%s' % n }}", "n=5"],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each<Case>([
    [
      "{{ '%s %s' % ('a',) }}",
      "TypeError: not enough arguments for format string",
    ],
    [
      "{{ '%s' % ('a', 'b') }}",
      "TypeError: not all arguments converted during string formatting",
    ],
    [
      "{{ '%d' % 'x' }}",
      "TypeError: %d format: a real number is required, not str",
    ],
  ])("raises for %s", (template, message) => {
    expect(renderError(template).message).toContain(message);
  });

  it("keeps the modulo of numbers, with Python's sign", () => {
    expect(render("{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}")).toBe("1|2|-2");
  });
});

describe("python operators and values", () => {
  it.each<Case>([
    ["{{ None }}|{{ True }}|{{ False }}|{{ none }}", "None|True|False|None"],
    [
      "{{ [1, 'a', None] }}|{{ {'a': 1} }}|{{ (1, 2) }}|{{ (1,) }}",
      "[1, 'a', None]|{'a': 1}|(1, 2)|(1,)",
    ],
    ["{{ ['it\\'s'] }}|{{ ['a\"b'] }}", "[\"it's\"]|['a\"b']"],
    ["{{ [1] + [2] }}|{{ '-' * 3 }}|{{ 'a' ~ None ~ 1 }}", "[1, 2]|---|aNone1"],
    [
      "{{ [1, 2] == [1, 2] }}|{{ 1 == '1' }}|{{ 1 == True }}|{{ 'a' != 'b' }}",
      "True|False|True|True",
    ],
    [
      "{{ 3 in [1, 2] }}|{{ 'b' in 'abc' }}|{{ 'a' in {'a': 1} }}|{{ 'z' not in 'abc' }}",
      "False|True|True|True",
    ],
    [
      "{% if [] %}T{% else %}F{% endif %}|{% if {} %}T{% else %}F{% endif %}",
      "F|F",
    ],
    [
      "{{ [] or 'empty' }}|{{ 'x' if '' else 'y' }}|{{ not [] }}|{{ [] and 1 }}",
      "empty|y|True|[]",
    ],
    [
      "{{ 1 / 100000 }}|{{ 2 / 3 }}|{{ 0.1 + 0.2 }}",
      "1e-05|0.6666666666666666|0.30000000000000004",
    ],
    [
      "{% set x = [\n  'a',\n  'b',\n] %}{{ x }}|{{ {'k': 1,} }}|{{ () }}",
      "['a', 'b']|{'k': 1}|()",
    ],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it("raises TypeError when adding a string and a number", () => {
    expect(renderError("{{ 'a' + 1 }}").message).toContain(
      "TypeError: unsupported operand type(s) for +: 'str' and 'int'",
    );
  });

  it("leaves other environments with stock Nunjucks behaviour", () => {
    createEnvironment();
    const plain = new nunjucks.Environment(null, { autoescape: false });
    expect(plain.renderString("{{ '%s' % 1 }}|{{ [1] + [2] }}", {})).toBe(
      "NaN|12",
    );
  });
});

describe("subscripts and slices", () => {
  it.each<Case>([
    ["{{ 'abc'[1:] }}|{{ 'abcdef'[1:5:2] }}|{{ 'ab'[0] }}", "bc|bd|a"],
    [
      "{{ [1, 2, 3][::-1] }}|{{ [1, 2, 3][-2:] }}|{{ [1, 2, 3][-1] }}",
      "[3, 2, 1]|[2, 3]|3",
    ],
    ["{{ (1, 2, 3)[1:] }}|{{ [1, 2, 3][:1] }}", "(2, 3)|[1]"],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe("filters", () => {
  it.each<Case>([
    ["{{ {'b': 1, 'a': '<x>'}|tojson }}", '{"a": "\\u003cx\\u003e", "b": 1}'],
    [
      "{{ {'b': [1, 2]}|tojson(indent=2) }}",
      '{\n  "b": [\n    1,\n    2\n  ]\n}',
    ],
    [
      "{{ 'é'|tojson }}|{{ None|tojson }}|{{ \"it's\"|tojson }}",
      '"\\u00e9"|null|"it\\u0027s"',
    ],
    ["{{ ['a', 'b']|map('upper')|list }}", "['A', 'B']"],
    ["{{ [{'a': {'b': 1} }]|map(attribute='a.b')|list }}", "[1]"],
    ["{{ [{'x': 1}]|map(attribute='a', default=0)|list }}", "[0]"],
    [
      "{{ [{'a': 1}, {'a': 2}, {}]|selectattr('a', 'equalto', 1)|list }}",
      "[{'a': 1}]",
    ],
    ["{{ [{'a': 1}, {'a': 2}, {}]|rejectattr('a', 'defined')|list }}", "[{}]"],
    [
      "{{ [{'a': 1}, {'a': None}]|selectattr('a', 'none')|list }}",
      "[{'a': None}]",
    ],
    [
      "{{ [{'a': 1}, {'a': 2}]|selectattr('a', 'in', [2, 3])|list }}",
      "[{'a': 2}]",
    ],
    ["{{ [{'a': []}, {'a': [1]}]|selectattr('a')|list }}", "[{'a': [1]}]"],
    [
      "{{ [{'a': 1}, {'a': 2}]|rejectattr('a', 'equalto', 1)|map(attribute='a')|list }}",
      "[2]",
    ],
    [
      "{{ [[], [1], '']|select|list }}|{{ [1, 2, 3]|select('in', [1, 3])|list }}",
      "[[1]]|[1, 3]",
    ],
    [
      "{{ {'a': 1}|items|list }}|{{ {'a': 1, 'b': 2}|list }}",
      "[('a', 1)]|['a', 'b']",
    ],
    [
      "{{ ['a', 'A', 'b']|unique|list }}|{{ [3, 1, 2]|min }}|{{ ['B', 'a']|max }}",
      "['a', 'b']|1|B",
    ],
    [
      "{{ [{'n': 'b', 'v': 2}, {'n': 'a', 'v': 1}]|min(attribute='v') }}",
      "{'n': 'a', 'v': 1}",
    ],
    [
      "{{ [1, None]|join(',') }}|{{ '%s-%s'|format(1, 2) }}|{{ [1, 2]|count }}",
      "1,None|1-2|2",
    ],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe("loop-scoped set", () => {
  it.each<Case>([
    [
      "{% macro m(a) %}{% for i in [1] %}{% set a = 2 %}{% endfor %}{{ a }}{% endmacro %}{{ m(1) }}",
      "1",
    ],
    ["{% for x in [1, 2] %}{% set x = x * 10 %}{{ x }},{% endfor %}", "10,20,"],
    [
      "{% set t = 0 %}{% for x in [1, 2, 3] %}{% set t = t + x %}{{ t }},{% endfor %}|{{ t }}",
      "1,2,3,|0",
    ],
    [
      "{% for x in [1, 2, 3] %}{% if x == 1 %}{% set y = 5 %}{% endif %}{{ y }},{% endfor %}",
      "5,,,",
    ],
    [
      "{% for a in [1, 2] %}{% for b in [3] %}{% set a = 9 %}{% endfor %}{{ a }}{% endfor %}",
      "12",
    ],
    ["{% if true %}{% set y = 1 %}{% endif %}{{ y }}", "1"],
    [
      "{% macro m() %}{% set v = 1 %}{% for i in [1] %}{% set v = 2 %}{% endfor %}{{ v }}{% endmacro %}{{ m() }}",
      "1",
    ],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe("exceptions", () => {
  it("raises a CompilerError from raise_compiler_error", () => {
    const error = renderError(
      "{% if true %}{{ exceptions.raise_compiler_error('bad config') }}{% endif %}",
    );
    const compilerError = findCompilerError(error);
    expect(compilerError).toBeInstanceOf(CompilerError);
    expect(compilerError?.message).toBe("bad config");
    expect(error.message).toContain("CompilerError: bad config");
  });

  it("finds the CompilerError raised inside a macro", () => {
    const error = renderError(
      "{% macro check(x) %}{% do exceptions.raise_compiler_error('got ' ~ x) %}{% endmacro %}{{ check(1) }}",
    );
    expect(findCompilerError(error)?.message).toBe("got 1");
  });

  it("finds no CompilerError in other errors", () => {
    expect(findCompilerError(renderError("{{ [].pop() }}"))).toBeUndefined();
  });

  it("sends warn messages to the log callback", () => {
    const events: JinjaLogEvent[] = [];
    const env = createEnvironment({ onLog: (event) => events.push(event) });
    expect(env.renderString("a{{ exceptions.warn('careful') }}b", {})).toBe(
      "ab",
    );
    expect(events).toEqual([{ level: "warn", message: "careful" }]);
  });
});

describe("log", () => {
  it("collects messages at debug or info level", () => {
    const events: JinjaLogEvent[] = [];
    const env = createEnvironment({ onLog: (event) => events.push(event) });
    const output = env.renderString(
      "{{ log('quiet') }}{% do log('loud', info=True) %}{{ log(['x'], True) }}",
      {},
    );
    expect(output).toBe("");
    expect(events).toEqual([
      { level: "debug", message: "quiet" },
      { level: "info", message: "loud" },
      { level: "info", message: "['x']" },
    ]);
  });

  it("drops messages without a callback", () => {
    expect(render("{{ log('x', info=True) }}")).toBe("");
  });
});

describe("return", () => {
  it("makes the macro call evaluate to the value", () => {
    const template =
      "{% macro m() %}{{ return([1, 2]) }}{% endmacro %}" +
      "{% set v = m() %}{{ v }}|{{ v | length }}|{{ v[1] }}";
    expect(render(template)).toBe("[1, 2]|2|2");
  });

  it("stops the macro at the return", () => {
    const template =
      "{% set ns = namespace(after=false) %}" +
      "{% macro m() %}{% do return('early') %}{% set ns.after = true %}{% endmacro %}" +
      "{{ m() }}|{{ ns.after }}";
    expect(render(template)).toBe("early|False");
  });

  it("restores the caller's variables after returning from a loop", () => {
    const template =
      "{% macro first(items) %}{% for i in items %}{% if i > 1 %}{% do return(i) %}" +
      "{% endif %}{% endfor %}{% endmacro %}" +
      "{% for x in ['a'] %}{% set v = first([1, 2, 3]) %}{{ x }}{{ v }}{% endfor %}";
    expect(render(template)).toBe("a2");
  });

  it("returns through nested macro calls", () => {
    const template =
      "{% macro inner() %}{{ return({'k': 1}) }}{% endmacro %}" +
      "{% macro outer() %}{{ return(inner()['k'] + 1) }}{% endmacro %}" +
      "{{ outer() }}";
    expect(render(template)).toBe("2");
  });

  it("keeps the rendered text of a macro without return", () => {
    expect(render("{% macro m() %}text{% endmacro %}{{ m() }}")).toBe("text");
  });

  it("works in macros imported from another template", () => {
    const sources: Record<string, string> = {
      "macros.sql":
        "{% macro columns() %}{{ return(['a', 'b']) }}{% endmacro %}" +
        "{% macro wrap() %}[{{ caller() }}]{% endmacro %}",
    };
    const loader = {
      getSource: (name: string) => ({
        src: sources[name] ?? "",
        path: name,
        noCache: true,
      }),
    };
    const env = new nunjucks.Environment(loader, { autoescape: false });
    installJinjaCompat(env);
    const template =
      "{% from 'macros.sql' import columns, wrap %}{% import 'macros.sql' as m %}" +
      "{{ columns() | join(',') }}|{{ m.columns()[1] }}|{% call wrap() %}x{% endcall %}";
    expect(env.renderString(template, {})).toBe("a,b|b|[x]");
  });

  it("fails outside a macro", () => {
    expect(renderError("{{ return(1) }}").message).toContain(
      "return() was called outside a macro",
    );
  });
});

describe("modules.datetime", () => {
  const clock = new Date(2024, 2, 5, 10, 20, 30);
  const renderAt = (template: string) =>
    createEnvironment({ now: () => clock }).renderString(template, {});

  it.each<Case>([
    [
      "{% set d = modules.datetime.date(2024, 1, 31) %}{{ d }}|{{ d.year }}|{{ d.isoformat() }}",
      "2024-01-31|2024|2024-01-31",
    ],
    [
      "{{ modules.datetime.date(2024, 1, 31) + modules.datetime.timedelta(days=1) }}",
      "2024-02-01",
    ],
    [
      "{{ modules.datetime.date(2024, 3, 1) - modules.datetime.date(2024, 1, 31) }}",
      "30 days, 0:00:00",
    ],
    [
      "{{ modules.datetime.date(2024, 1, 31).strftime('%Y/%m/%d %a %b %j') }}",
      "2024/01/31 Wed Jan 031",
    ],
    [
      "{{ modules.datetime.datetime(2024, 1, 1, 12) - modules.datetime.datetime(2024, 1, 1) }}",
      "12:00:00",
    ],
    [
      "{{ modules.datetime.datetime(2024, 1, 1, 23, 30) + modules.datetime.timedelta(hours=1) }}",
      "2024-01-02 00:30:00",
    ],
    [
      "{{ modules.datetime.datetime(2024, 1, 2, 3, 4, 5).isoformat() }}",
      "2024-01-02T03:04:05",
    ],
    ["{{ modules.datetime.timedelta(hours=36).total_seconds() }}", "129600"],
    [
      "{{ modules.datetime.date(2024, 1, 1) < modules.datetime.date(2024, 1, 2) }}",
      "True",
    ],
    [
      "{{ modules.datetime.date(2024, 1, 1) == modules.datetime.date(2024, 1, 1) }}",
      "True",
    ],
    [
      "{{ [modules.datetime.date(2024, 1, 31)] }}",
      "[datetime.date(2024, 1, 31)]",
    ],
    [
      "{{ modules.datetime.datetime.strptime('2024-02-29 13:45', '%Y-%m-%d %H:%M') }}",
      "2024-02-29 13:45:00",
    ],
    ["{{ modules.datetime.date.fromisoformat('2024-02-29').weekday() }}", "3"],
    [
      "{{ '{:%d.%m.%Y}'.format(modules.datetime.date(2024, 5, 6)) }}",
      "06.05.2024",
    ],
  ])("renders %s", (template, expected) => {
    expect(renderAt(template)).toBe(expected);
  });

  it("reads the clock given in the options", () => {
    expect(renderAt("{{ modules.datetime.datetime.now() }}")).toBe(
      "2024-03-05 10:20:30",
    );
    expect(renderAt("{{ modules.datetime.date.today() }}")).toBe("2024-03-05");
  });

  it("rejects an impossible date", () => {
    expect(
      renderError("{{ modules.datetime.date(2023, 2, 29) }}").message,
    ).toContain("ValueError: day is out of range for month");
  });
});

describe("modules.re", () => {
  it.each<Case>([
    [
      "{{ modules.re.match('a(b)', 'abc').group(1) }}|{{ modules.re.match('b', 'abc') }}",
      "b|None",
    ],
    ["{{ modules.re.search('(?P<n>\\\\d+)', 'ab12').group('n') }}", "12"],
    ["{{ modules.re.sub('(\\\\w+)@', '\\\\1 at ', 'me@x') }}", "me at x"],
    [
      "{{ modules.re.findall('\\\\d+', 'a1b22') }}|{{ modules.re.findall('(a)(\\\\d)', 'a1a2') }}",
      "['1', '22']|[('a', '1'), ('a', '2')]",
    ],
    ["{{ modules.re.split(',\\\\s*', 'a, b,c') }}", "['a', 'b', 'c']"],
    ["{{ modules.re.search('B', 'abc', modules.re.I).span() }}", "(1, 2)"],
    ["{{ modules.re.fullmatch('a|ab', 'ab') is not none }}", "True"],
  ])("renders %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});
