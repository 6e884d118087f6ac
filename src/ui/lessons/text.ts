/** The lesson mode's own interface text, English and Korean (teaching vocabulary: 파드, 서비스, 노드, 엔드포인트). */
import type { Lang } from '../../engine/lessons/types.js'

const EN = {
  lessons: 'Lessons', pick: 'Choose a lesson', close: 'Close', step: 'Step', of: 'of', prev: '‹ Back', next: 'Next ›', check: 'Check',
  finish: 'Finish', correct: 'Correct.', wrong: 'Not quite — try again.', why: 'What the lab shows', answer: 'Answer', yourAnswer: 'Your answer (an IP address)',
  instructor: 'Instructor mode', score: 'Score', done: 'done', questions: 'questions', finished: 'Lesson finished', goal: 'Goal', exit: 'Leave lesson',
  chooseOne: 'Choose an answer first.', restart: 'Start again', allAnswers: 'All answers', edit: 'Edit', link: 'Link', linkTitle: 'Copy a link to this lesson and step',
  pods: 'Pods', overlay: 'Across nodes', services: 'Services', dns: 'DNS', external: 'From outside', policy: 'Policy and namespaces', operations: 'Scheduling and rollouts',
} as const
type Key = keyof typeof EN

const KO: Record<Key, string> = {
  lessons: '레슨', pick: '레슨 고르기', close: '닫기', step: '단계', of: '/', prev: '‹ 이전', next: '다음 ›', check: '확인',
  finish: '마치기', correct: '정답입니다.', wrong: '아닙니다. 다시 해 보세요.', why: '랩이 보여 주는 것', answer: '정답', yourAnswer: '답 (IP 주소)',
  instructor: '강사 모드', score: '점수', done: '완료', questions: '문제', finished: '레슨을 마쳤습니다', goal: '목표', exit: '레슨 나가기',
  chooseOne: '먼저 답을 고르세요.', restart: '처음부터', allAnswers: '모든 정답', edit: '편집', link: '링크', linkTitle: '이 레슨과 단계의 링크 복사',
  pods: '파드', overlay: '노드 사이', services: '서비스', dns: 'DNS', external: '클러스터 밖에서', policy: '정책과 네임스페이스', operations: '스케줄링과 롤아웃',
}

export function tr(lang: Lang, key: Key): string {
  return (lang === 'ko' ? KO : EN)[key]
}

/** Results and states the engine reports, in the learner's language. */
const VALUES: Record<Lang, Record<string, string>> = {
  en: { delivered: 'delivered', refused: 'refused (connection refused)', timeout: 'timeout', nxdomain: 'NXDOMAIN (no such name)', Pending: 'Pending (no node)' },
  ko: { delivered: '전달됨 (delivered)', refused: '거부됨 (connection refused)', timeout: '시간 초과 (timeout)', nxdomain: 'NXDOMAIN (이름 없음)', Pending: 'Pending (노드 없음)' },
}

export function valueLabel(lang: Lang, value: string): string {
  return VALUES[lang][value] ?? value
}
