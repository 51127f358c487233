/**
 * A small evaluator for the arithmetic formulas in force-app: numbers, fields, + - * /,
 * comparisons, parentheses and IF, AND, OR, NOT, ISBLANK, BLANKVALUE, NULLVALUE, ROUND, MIN, MAX, ABS.
 * A formula it cannot parse or evaluate answers null, as a field in error shows blank through the API.
 */
type Value = number | string | boolean | null;
type Node =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'field'; name: string }
  | { kind: 'unary'; op: string; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

const TOKEN =
  /\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_.]*|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|<=|>=|<>|!=|==|&&|\|\||[-+*/(),<>=&!^])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(start).trim() === '') break;
      throw new Error(`unexpected character at ${start}`);
    }
    tokens.push(m[1]);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  public constructor(private readonly tokens: string[]) {}

  public parse(): Node {
    const node = this.comparison();
    if (this.pos < this.tokens.length) throw new Error(`unexpected ${this.tokens[this.pos]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private next(): string {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw new Error('unexpected end of formula');
    return token;
  }

  private comparison(): Node {
    let left = this.additive();
    while (['=', '==', '!=', '<>', '<', '>', '<=', '>=', '&&', '||'].includes(this.peek() ?? '')) {
      const op = this.next();
      left = { kind: 'binary', op, left, right: this.additive() };
    }
    return left;
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (['+', '-', '&'].includes(this.peek() ?? '')) {
      const op = this.next();
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (['*', '/', '^'].includes(this.peek() ?? '')) {
      const op = this.next();
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peek() === '-' || this.peek() === '!') {
      const op = this.next();
      return { kind: 'unary', op, arg: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const token = this.next();
    if (token === '(') {
      const inner = this.comparison();
      this.expect(')');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'num', value: Number(token) };
    if (/^['"]/.test(token)) return { kind: 'str', value: token.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (/^[A-Za-z_]/.test(token)) {
      if (this.peek() !== '(') return { kind: 'field', name: token };
      this.next();
      const args: Node[] = [];
      if (this.peek() !== ')') {
        args.push(this.comparison());
        while (this.peek() === ',') {
          this.next();
          args.push(this.comparison());
        }
      }
      this.expect(')');
      return { kind: 'call', name: token.toUpperCase(), args };
    }
    throw new Error(`unexpected ${token}`);
  }

  private expect(token: string): void {
    if (this.next() !== token) throw new Error(`expected ${token}`);
  }
}

export type CompiledFormula = (getField: (name: string) => Value) => Value;

const isBlank = (v: Value): boolean => v === null || v === '';

function arithmetic(op: string, a: Value, b: Value): Value {
  if (op === '&') return `${a ?? ''}${b ?? ''}`;
  if (a === null || b === null || typeof a !== 'number' || typeof b !== 'number') return null;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    default:
      return a ** b;
  }
}

function compare(op: string, a: Value, b: Value): Value {
  if (op === '&&') return Boolean(a) && Boolean(b);
  if (op === '||') return Boolean(a) || Boolean(b);
  if (a === null || b === null)
    return op === '=' || op === '==' ? a === b : op === '!=' || op === '<>' ? a !== b : null;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '!=':
    case '<>':
      return a !== b;
    default:
      return a === b;
  }
}

function call(name: string, args: Node[], evaluate: (n: Node) => Value): Value {
  const values = (): Value[] => args.map(evaluate);
  switch (name) {
    case 'IF':
      return evaluate(args[0]) ? evaluate(args[1]) : evaluate(args[2]);
    case 'AND':
      return args.every((a) => Boolean(evaluate(a)));
    case 'OR':
      return args.some((a) => Boolean(evaluate(a)));
    case 'NOT':
      return !evaluate(args[0]);
    case 'ISBLANK':
    case 'ISNULL':
      return isBlank(evaluate(args[0]));
    case 'BLANKVALUE':
    case 'NULLVALUE': {
      const v = evaluate(args[0]);
      return isBlank(v) ? evaluate(args[1]) : v;
    }
    case 'ROUND': {
      const [v, digits] = values();
      if (typeof v !== 'number' || typeof digits !== 'number') return null;
      return Math.round(v * 10 ** digits) / 10 ** digits;
    }
    case 'ABS': {
      const [v] = values();
      return typeof v === 'number' ? Math.abs(v) : null;
    }
    case 'MIN':
    case 'MAX': {
      const nums = values();
      if (nums.some((v) => typeof v !== 'number')) return null;
      return name === 'MIN' ? Math.min(...(nums as number[])) : Math.max(...(nums as number[]));
    }
    default:
      throw new Error(`unsupported function ${name}`);
  }
}

export function compileFormula(expression: string, blankAsZero: boolean): CompiledFormula {
  const root = new Parser(tokenize(expression)).parse();
  return (getField) => {
    const evaluate = (node: Node): Value => {
      switch (node.kind) {
        case 'num':
        case 'str':
          return node.value;
        case 'field': {
          if (/^(true|false)$/i.test(node.name)) return node.name.toLowerCase() === 'true';
          if (/^null$/i.test(node.name)) return null;
          const v = getField(node.name);
          return v === null && blankAsZero ? 0 : v;
        }
        case 'unary': {
          const v = evaluate(node.arg);
          if (node.op === '!') return !v;
          return typeof v === 'number' ? -v : null;
        }
        case 'binary':
          return ['+', '-', '*', '/', '^', '&'].includes(node.op)
            ? arithmetic(node.op, evaluate(node.left), evaluate(node.right))
            : compare(node.op, evaluate(node.left), evaluate(node.right));
        case 'call':
          return call(node.name, node.args, evaluate);
      }
    };
    try {
      const result = evaluate(root);
      return typeof result === 'number' && !Number.isFinite(result) ? null : result;
    } catch {
      return null;
    }
  };
}
