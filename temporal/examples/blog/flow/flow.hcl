# The seed flow of Intelli's documentation, compiled: requirements feed a
# design and the final code, the design feeds an image description, and the
# description feeds a logo.
flow "blog" {
  package     = "flow"
  description = "Blog builds a blogging website about the environment: requirements, design, logo and code."
  log         = true
}

agent "text_generator" {
  type     = "text"
  provider = "gemini"
  mission  = "write specifications"
}

agent "ux_designer" {
  type     = "text"
  provider = "openai"
  model    = "gpt-4o-mini"
  mission  = "user experience and designer"
}

agent "image_desc_creator" {
  type     = "text"
  provider = "openai"
  mission  = "write image description"
}

agent "image_processor" {
  type     = "image"
  provider = "stability"
}

task "task1" {
  agent = agent.text_generator
  input = "Identify requirements for building a blogging website about the environment"
}

task "task2" {
  agent = agent.ux_designer
  input = "Generate the website description and theme details from the requirements"
  after = [task.task1]
}

task "task3" {
  agent = agent.image_desc_creator
  input = "Generate short image description for image model"
  after = [task.task2]
}

task "task4" {
  agent = agent.image_processor
  input = "Design a logo with colorful style from the description"
  after = [task.task3]
}

task "task5" {
  agent = agent.text_generator
  input = "Generate code based on combined tasks"
  after = [task.task1, task.task2]
}
