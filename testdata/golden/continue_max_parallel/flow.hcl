# on_error = "continue" and max_parallel, with agent policies.
flow "resilient" {
  on_error     = "continue"
  max_parallel = 2
  log          = true
}

agent "fast" {
  type     = "text"
  provider = "openai"
  api_key  = env("MY_OPENAI_KEY")
  base_url = "http://localhost:8080/v1"
  timeout  = "45s"
  retry {
    attempts    = 5
    backoff     = "250ms"
    max_backoff = "1m"
  }
  limit {
    concurrency         = 3
    requests_per_minute = 120
  }
}

agent "local" {
  type     = "text"
  provider = "vllm"
  base_url = env("VLLM_URL")
}

task "one" {
  agent = agent.fast
  input = "one"
}

task "two" {
  agent   = agent.fast
  input   = "two"
  timeout = "90s"
  log     = false
}

task "three" {
  agent = agent.local
  input = "three"
  after = [task.one]
}

task "four" {
  agent = agent.local
  input = "four"
  after = [task.two, task.three]
}
