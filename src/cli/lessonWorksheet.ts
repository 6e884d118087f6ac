/**
 * A lesson as a printed class handout (Markdown): the title and goal, each step's narration
 * and its question with the options, then an answer key with the engine's evidence.
 */
import type { Lang, Lesson } from '../engine/lessons/types.js'
import { renderMessage } from '../i18n/render.js'

const WORDS: Record<Lang, Record<string, string>> = {
  en: { goal: 'Goal', topology: 'Topology', step: 'Step', answer: 'Answer', key: 'Answer key', write: 'Write the address', why: 'Why', inline: 'inline documents', after: 'In the lab, on the cluster after' },
  ko: { goal: '목표', topology: '토폴로지', step: '단계', answer: '정답', key: '정답표', write: '주소를 쓰세요', why: '근거', inline: '파일에 포함된 문서', after: '랩에서, 다음을 적용한 클러스터로' },
}

/** Results and states the engine reports, in the learner's language. */
const VALUES: Record<Lang, Record<string, string>> = {
  en: { delivered: 'delivered', refused: 'refused (connection refused)', timeout: 'timeout', nxdomain: 'NXDOMAIN (no such name)', Pending: 'Pending (no node)' },
  ko: { delivered: '전달됨 (delivered)', refused: '거부됨 (connection refused)', timeout: '시간 초과 (timeout)', nxdomain: 'NXDOMAIN (이름 없음)', Pending: 'Pending (노드 없음)' },
}

export function answerLabel(value: string, lang: Lang): string {
  return VALUES[lang][value] ?? value
}

export function formatWorksheet(lesson: Lesson, lang: Lang): string {
  const w = WORDS[lang]
  const out: string[] = [`# ${lesson.title[lang]}`, '', `**${w.goal}:** ${lesson.goal[lang]}`, '', `**${w.topology}:** ${lesson.topologyName ? `\`${lesson.topologyName}\`` : w.inline}`, '']
  const key: string[] = [`## ${w.key}`, '']
  let q = 0
  const whatIfs: string[] = []
  lesson.steps.forEach((s, i) => {
    out.push(`## ${w.step} ${i + 1}`, '', s.spec.narration[lang], '')
    const a = s.spec.action
    if (a?.kind === 'whatIf' || a?.kind === 'controlPlane') whatIfs.push(`${a.whatIf} ${a.target}${a.whatIf === 'scale' ? ` ${a.value}` : ''}`)
    // The command is only the same experiment on the built-in topology before any what-if.
    const topo = lesson.topologyName !== null && whatIfs.length === 0 ? lesson.topologyName : null
    const cmd = a?.kind === 'trace' ? `trace ${topo} --from ${a.from} --to ${a.to}${a.proto ? ` --proto ${a.proto}` : ''}${a.pick ? ` --pick ${a.pick}` : ''}`
      : a?.kind === 'dig' ? `dig ${topo} --from ${a.from} ${a.name}${a.type && a.type !== 'A' ? ` ${a.type}` : ''}` : null
    if (cmd && topo) out.push(`\`\`\`sh\nkube-netlab ${cmd}\n\`\`\``, '')
    else if (cmd && whatIfs.length) out.push(`_${w.after}: ${whatIfs.join(', ')}_`, '')
    if (s.spec.question && s.answer) {
      q++
      out.push(`**Q${q}.** ${s.spec.question.text[lang]}`, '')
      if (s.answer.choices) s.answer.choices.forEach((c, n) => out.push(`- [ ] ${String.fromCharCode(65 + n)}. ${answerLabel(c, lang)}`))
      else out.push(`${w.write}: ______________________`)
      out.push('')
      const letter = s.answer.choices ? `${String.fromCharCode(65 + s.answer.choices.indexOf(s.answer.value))}. ` : ''
      key.push(`**Q${q}.** ${letter}${answerLabel(s.answer.value, lang)}`, '', `> ${w.why}: ${renderMessage(s.answer.evidence, lang).split('\n').join('\n> ')}`, '')
    }
  })
  return `${[...out, ...(q ? key : [])].join('\n').replace(/\n+$/, '')}\n`
}
