# Every provider and every agent type it offers, each agent's base_url read
# from the environment so the test can point it at a local fake server.
flow "everyprovider" {
  package     = "e2e"
  description = "Package e2e is a generated flow that uses every provider and agent type, for the end-to-end test against the fake servers of package providertest."
  on_error    = "continue"
}

variable "topic" {
  default = "tide pools"
}

# --- openai: every type
agent "openai_text" {
  type     = "text"
  provider = "openai"
  base_url = env("OPENAI_BASE_URL")
  mission  = "be brief"
  params   = { temperature = 0.2, max_tokens = 64, seed = 7, stop = ["END"] }
}
agent "openai_image" {
  type     = "image"
  provider = "openai"
  base_url = env("OPENAI_BASE_URL")
  params   = { size = "1024x1024", quality = "low" }
}
agent "openai_vision" {
  type     = "vision"
  provider = "openai"
  base_url = env("OPENAI_BASE_URL")
}
agent "openai_speech" {
  type     = "speech"
  provider = "openai"
  base_url = env("OPENAI_BASE_URL")
  params   = { voice = "alloy", format = "wav" }
}
agent "openai_recognition" {
  type     = "recognition"
  provider = "openai"
  base_url = env("OPENAI_BASE_URL")
  params   = { language = "en" }
}
agent "openai_embed" {
  type     = "embed"
  provider = "openai"
  base_url = env("OPENAI_BASE_URL")
  params   = { dimensions = 8 }
}

# --- anthropic
agent "anthropic_text" {
  type     = "text"
  provider = "anthropic"
  base_url = env("ANTHROPIC_BASE_URL")
  params   = { max_tokens = 100 }
}
agent "anthropic_vision" {
  type     = "vision"
  provider = "anthropic"
  base_url = env("ANTHROPIC_BASE_URL")
}

# --- gemini
agent "gemini_text" {
  type     = "text"
  provider = "gemini"
  base_url = env("GEMINI_BASE_URL")
}
agent "gemini_vision" {
  type     = "vision"
  provider = "gemini"
  base_url = env("GEMINI_BASE_URL")
}
agent "gemini_embed" {
  type     = "embed"
  provider = "gemini"
  base_url = env("GEMINI_BASE_URL")
}

# --- mistral
agent "mistral_text" {
  type     = "text"
  provider = "mistral"
  base_url = env("MISTRAL_BASE_URL")
  params   = { temperature = 0.5, seed = 3 }
}
agent "mistral_embed" {
  type     = "embed"
  provider = "mistral"
  base_url = env("MISTRAL_BASE_URL")
}

# --- stability
agent "stability_image" {
  type     = "image"
  provider = "stability"
  base_url = env("STABILITY_BASE_URL")
  params   = { aspect_ratio = "1:1", negative_prompt = "blur" }
}

# --- ollama
agent "ollama_text" {
  type     = "text"
  provider = "ollama"
  base_url = env("OLLAMA_BASE_URL")
}
agent "ollama_vision" {
  type     = "vision"
  provider = "ollama"
  base_url = env("OLLAMA_BASE_URL")
}
agent "ollama_embed" {
  type     = "embed"
  provider = "ollama"
  base_url = env("OLLAMA_BASE_URL")
}

# --- OpenAI-compatible servers
agent "vllm_text" {
  type     = "text"
  provider = "vllm"
  base_url = env("VLLM_BASE_URL")
}
agent "vllm_embed" {
  type     = "embed"
  provider = "vllm"
  base_url = env("VLLM_BASE_URL")
}
agent "llamacpp_text" {
  type     = "text"
  provider = "llamacpp"
  base_url = env("LLAMACPP_BASE_URL")
}
agent "llamacpp_embed" {
  type     = "embed"
  provider = "llamacpp"
  base_url = env("LLAMACPP_BASE_URL")
}

# A chain of text tasks through every text provider.
task "openai_text" {
  agent = agent.openai_text
  input = "Name one creature of ${var.topic}."
}
task "anthropic_text" {
  agent = agent.anthropic_text
  input = "Describe: ${task.openai_text.output}"
}
task "gemini_text" {
  agent = agent.gemini_text
  after = [task.anthropic_text]
}
task "mistral_text" {
  agent = agent.mistral_text
  after = [task.gemini_text]
}
task "ollama_text" {
  agent = agent.ollama_text
  after = [task.mistral_text]
}
task "vllm_text" {
  agent = agent.vllm_text
  after = [task.ollama_text]
}
task "llamacpp_text" {
  agent = agent.llamacpp_text
  after = [task.vllm_text]
}

# Images, and every vision agent looking at one.
task "openai_image" {
  agent = agent.openai_image
  input = "A drawing of ${var.topic}"
}
task "stability_image" {
  agent = agent.stability_image
  input = "A photo of ${var.topic}"
}
task "openai_vision" {
  agent = agent.openai_vision
  input = "What is in this image?"
  after = [task.openai_image]
}
task "anthropic_vision" {
  agent = agent.anthropic_vision
  input = "What is in this image?"
  after = [task.stability_image]
}
task "gemini_vision" {
  agent = agent.gemini_vision
  input = "What is in this image?"
  after = [task.openai_image]
}
task "ollama_vision" {
  agent = agent.ollama_vision
  input = "What is in this image?"
  after = [task.stability_image]
}

# Speech there and back.
task "openai_speech" {
  agent = agent.openai_speech
  input = "Welcome to the ${var.topic}."
}
task "openai_recognition" {
  agent = agent.openai_recognition
  after = [task.openai_speech]
}

# Every embedding agent.
task "openai_embed" {
  agent = agent.openai_embed
  input = var.topic
}
task "gemini_embed" {
  agent = agent.gemini_embed
  input = var.topic
}
task "mistral_embed" {
  agent = agent.mistral_embed
  input = var.topic
}
task "ollama_embed" {
  agent = agent.ollama_embed
  input = var.topic
}
task "vllm_embed" {
  agent = agent.vllm_embed
  input = var.topic
}
task "llamacpp_embed" {
  agent = agent.llamacpp_embed
  input = var.topic
}
