# Template references and after entries together: the same task twice in a
# template is one edge; a task in both the template and after is passed
# twice, once per occurrence.
flow "templates" {}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "plan" {
  agent = agent.llm
  input = "plan"
}

task "draft" {
  agent = agent.llm
  input = "draft"
}

task "review" {
  agent = agent.llm
  input = "Plan: ${task.plan.output}. Again: ${task.plan.output}. Draft: ${task.draft.output}"
  after = [task.draft]
}

task "bare" {
  agent = agent.llm
  input = task.review.output
}
