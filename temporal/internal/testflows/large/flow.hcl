# 100 text tasks, each referencing an earlier one in its template and after up to
# three others: the 100-task flow of the Temporal benchmarks.
flow "large" {}

variable "topic" {
  type    = string
  default = "x"
}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "t0" {
  agent = agent.llm
  input = "step 0 about ${var.topic}"
}

task "t1" {
  agent = agent.llm
  input = "step 1 about ${var.topic} after ${task.t0.output}"
}

task "t2" {
  agent = agent.llm
  input = "step 2 about ${var.topic} after ${task.t0.output}"
}

task "t3" {
  agent = agent.llm
  input = "step 3 about ${var.topic} after ${task.t0.output}"
}

task "t4" {
  agent = agent.llm
  input = "step 4 about ${var.topic} after ${task.t0.output}"
}

task "t5" {
  agent = agent.llm
  input = "step 5 about ${var.topic} after ${task.t0.output}"
}

task "t6" {
  agent = agent.llm
  input = "step 6 about ${var.topic} after ${task.t0.output}"
}

task "t7" {
  agent = agent.llm
  input = "step 7 about ${var.topic} after ${task.t0.output}"
}

task "t8" {
  agent = agent.llm
  input = "step 8 about ${var.topic} after ${task.t0.output}"
}

task "t9" {
  agent = agent.llm
  input = "step 9 about ${var.topic} after ${task.t0.output}"
}

task "t10" {
  agent = agent.llm
  input = "step 10 about ${var.topic} after ${task.t0.output}"
}

task "t11" {
  agent = agent.llm
  input = "step 11 about ${var.topic} after ${task.t0.output}"
}

task "t12" {
  agent = agent.llm
  input = "step 12 about ${var.topic} after ${task.t0.output}"
}

task "t13" {
  agent = agent.llm
  input = "step 13 about ${var.topic} after ${task.t0.output}"
  after = [task.t0]
}

task "t14" {
  agent = agent.llm
  input = "step 14 about ${var.topic} after ${task.t0.output}"
  after = [task.t1]
}

task "t15" {
  agent = agent.llm
  input = "step 15 about ${var.topic} after ${task.t0.output}"
  after = [task.t2]
}

task "t16" {
  agent = agent.llm
  input = "step 16 about ${var.topic} after ${task.t0.output}"
  after = [task.t3]
}

task "t17" {
  agent = agent.llm
  input = "step 17 about ${var.topic} after ${task.t0.output}"
  after = [task.t4]
}

task "t18" {
  agent = agent.llm
  input = "step 18 about ${var.topic} after ${task.t0.output}"
  after = [task.t5]
}

task "t19" {
  agent = agent.llm
  input = "step 19 about ${var.topic} after ${task.t0.output}"
  after = [task.t6]
}

task "t20" {
  agent = agent.llm
  input = "step 20 about ${var.topic} after ${task.t0.output}"
  after = [task.t7]
}

task "t21" {
  agent = agent.llm
  input = "step 21 about ${var.topic} after ${task.t0.output}"
  after = [task.t8]
}

task "t22" {
  agent = agent.llm
  input = "step 22 about ${var.topic} after ${task.t0.output}"
  after = [task.t9]
}

task "t23" {
  agent = agent.llm
  input = "step 23 about ${var.topic} after ${task.t0.output}"
  after = [task.t10]
}

task "t24" {
  agent = agent.llm
  input = "step 24 about ${var.topic} after ${task.t0.output}"
  after = [task.t11]
}

task "t25" {
  agent = agent.llm
  input = "step 25 about ${var.topic} after ${task.t0.output}"
  after = [task.t12]
}

task "t26" {
  agent = agent.llm
  input = "step 26 about ${var.topic} after ${task.t0.output}"
  after = [task.t13, task.t0]
}

task "t27" {
  agent = agent.llm
  input = "step 27 about ${var.topic} after ${task.t0.output}"
  after = [task.t14, task.t1]
}

task "t28" {
  agent = agent.llm
  input = "step 28 about ${var.topic} after ${task.t0.output}"
  after = [task.t15, task.t2]
}

task "t29" {
  agent = agent.llm
  input = "step 29 about ${var.topic} after ${task.t0.output}"
  after = [task.t16, task.t3]
}

task "t30" {
  agent = agent.llm
  input = "step 30 about ${var.topic} after ${task.t0.output}"
  after = [task.t17, task.t4]
}

task "t31" {
  agent = agent.llm
  input = "step 31 about ${var.topic} after ${task.t0.output}"
  after = [task.t18, task.t5]
}

task "t32" {
  agent = agent.llm
  input = "step 32 about ${var.topic} after ${task.t0.output}"
  after = [task.t19, task.t6]
}

task "t33" {
  agent = agent.llm
  input = "step 33 about ${var.topic} after ${task.t0.output}"
  after = [task.t20, task.t7]
}

task "t34" {
  agent = agent.llm
  input = "step 34 about ${var.topic} after ${task.t0.output}"
  after = [task.t21, task.t8]
}

task "t35" {
  agent = agent.llm
  input = "step 35 about ${var.topic} after ${task.t0.output}"
  after = [task.t22, task.t9]
}

task "t36" {
  agent = agent.llm
  input = "step 36 about ${var.topic} after ${task.t0.output}"
  after = [task.t23, task.t10]
}

task "t37" {
  agent = agent.llm
  input = "step 37 about ${var.topic} after ${task.t0.output}"
  after = [task.t24, task.t11]
}

task "t38" {
  agent = agent.llm
  input = "step 38 about ${var.topic} after ${task.t0.output}"
  after = [task.t25, task.t12]
}

task "t39" {
  agent = agent.llm
  input = "step 39 about ${var.topic} after ${task.t0.output}"
  after = [task.t26, task.t13, task.t0]
}

task "t40" {
  agent = agent.llm
  input = "step 40 about ${var.topic} after ${task.t0.output}"
  after = [task.t27, task.t14, task.t1]
}

task "t41" {
  agent = agent.llm
  input = "step 41 about ${var.topic} after ${task.t0.output}"
  after = [task.t28, task.t15, task.t2]
}

task "t42" {
  agent = agent.llm
  input = "step 42 about ${var.topic} after ${task.t0.output}"
  after = [task.t29, task.t16, task.t3]
}

task "t43" {
  agent = agent.llm
  input = "step 43 about ${var.topic} after ${task.t0.output}"
  after = [task.t30, task.t17, task.t4]
}

task "t44" {
  agent = agent.llm
  input = "step 44 about ${var.topic} after ${task.t0.output}"
  after = [task.t31, task.t18, task.t5]
}

task "t45" {
  agent = agent.llm
  input = "step 45 about ${var.topic} after ${task.t0.output}"
  after = [task.t32, task.t19, task.t6]
}

task "t46" {
  agent = agent.llm
  input = "step 46 about ${var.topic} after ${task.t0.output}"
  after = [task.t33, task.t20, task.t7]
}

task "t47" {
  agent = agent.llm
  input = "step 47 about ${var.topic} after ${task.t0.output}"
  after = [task.t34, task.t21, task.t8]
}

task "t48" {
  agent = agent.llm
  input = "step 48 about ${var.topic} after ${task.t0.output}"
  after = [task.t35, task.t22, task.t9]
}

task "t49" {
  agent = agent.llm
  input = "step 49 about ${var.topic} after ${task.t0.output}"
  after = [task.t36, task.t23, task.t10]
}

task "t50" {
  agent = agent.llm
  input = "step 50 about ${var.topic} after ${task.t0.output}"
  after = [task.t37, task.t24, task.t11]
}

task "t51" {
  agent = agent.llm
  input = "step 51 about ${var.topic} after ${task.t0.output}"
  after = [task.t38, task.t25, task.t12]
}

task "t52" {
  agent = agent.llm
  input = "step 52 about ${var.topic} after ${task.t0.output}"
  after = [task.t39, task.t26, task.t13]
}

task "t53" {
  agent = agent.llm
  input = "step 53 about ${var.topic} after ${task.t0.output}"
  after = [task.t40, task.t27, task.t14]
}

task "t54" {
  agent = agent.llm
  input = "step 54 about ${var.topic} after ${task.t0.output}"
  after = [task.t41, task.t28, task.t15]
}

task "t55" {
  agent = agent.llm
  input = "step 55 about ${var.topic} after ${task.t0.output}"
  after = [task.t42, task.t29, task.t16]
}

task "t56" {
  agent = agent.llm
  input = "step 56 about ${var.topic} after ${task.t0.output}"
  after = [task.t43, task.t30, task.t17]
}

task "t57" {
  agent = agent.llm
  input = "step 57 about ${var.topic} after ${task.t0.output}"
  after = [task.t44, task.t31, task.t18]
}

task "t58" {
  agent = agent.llm
  input = "step 58 about ${var.topic} after ${task.t0.output}"
  after = [task.t45, task.t32, task.t19]
}

task "t59" {
  agent = agent.llm
  input = "step 59 about ${var.topic} after ${task.t0.output}"
  after = [task.t46, task.t33, task.t20]
}

task "t60" {
  agent = agent.llm
  input = "step 60 about ${var.topic} after ${task.t0.output}"
  after = [task.t47, task.t34, task.t21]
}

task "t61" {
  agent = agent.llm
  input = "step 61 about ${var.topic} after ${task.t0.output}"
  after = [task.t48, task.t35, task.t22]
}

task "t62" {
  agent = agent.llm
  input = "step 62 about ${var.topic} after ${task.t0.output}"
  after = [task.t49, task.t36, task.t23]
}

task "t63" {
  agent = agent.llm
  input = "step 63 about ${var.topic} after ${task.t0.output}"
  after = [task.t50, task.t37, task.t24]
}

task "t64" {
  agent = agent.llm
  input = "step 64 about ${var.topic} after ${task.t0.output}"
  after = [task.t51, task.t38, task.t25]
}

task "t65" {
  agent = agent.llm
  input = "step 65 about ${var.topic} after ${task.t0.output}"
  after = [task.t52, task.t39, task.t26]
}

task "t66" {
  agent = agent.llm
  input = "step 66 about ${var.topic} after ${task.t0.output}"
  after = [task.t53, task.t40, task.t27]
}

task "t67" {
  agent = agent.llm
  input = "step 67 about ${var.topic} after ${task.t0.output}"
  after = [task.t54, task.t41, task.t28]
}

task "t68" {
  agent = agent.llm
  input = "step 68 about ${var.topic} after ${task.t0.output}"
  after = [task.t55, task.t42, task.t29]
}

task "t69" {
  agent = agent.llm
  input = "step 69 about ${var.topic} after ${task.t0.output}"
  after = [task.t56, task.t43, task.t30]
}

task "t70" {
  agent = agent.llm
  input = "step 70 about ${var.topic} after ${task.t0.output}"
  after = [task.t57, task.t44, task.t31]
}

task "t71" {
  agent = agent.llm
  input = "step 71 about ${var.topic} after ${task.t0.output}"
  after = [task.t58, task.t45, task.t32]
}

task "t72" {
  agent = agent.llm
  input = "step 72 about ${var.topic} after ${task.t0.output}"
  after = [task.t59, task.t46, task.t33]
}

task "t73" {
  agent = agent.llm
  input = "step 73 about ${var.topic} after ${task.t0.output}"
  after = [task.t60, task.t47, task.t34]
}

task "t74" {
  agent = agent.llm
  input = "step 74 about ${var.topic} after ${task.t0.output}"
  after = [task.t61, task.t48, task.t35]
}

task "t75" {
  agent = agent.llm
  input = "step 75 about ${var.topic} after ${task.t0.output}"
  after = [task.t62, task.t49, task.t36]
}

task "t76" {
  agent = agent.llm
  input = "step 76 about ${var.topic} after ${task.t0.output}"
  after = [task.t63, task.t50, task.t37]
}

task "t77" {
  agent = agent.llm
  input = "step 77 about ${var.topic} after ${task.t0.output}"
  after = [task.t64, task.t51, task.t38]
}

task "t78" {
  agent = agent.llm
  input = "step 78 about ${var.topic} after ${task.t0.output}"
  after = [task.t65, task.t52, task.t39]
}

task "t79" {
  agent = agent.llm
  input = "step 79 about ${var.topic} after ${task.t0.output}"
  after = [task.t66, task.t53, task.t40]
}

task "t80" {
  agent = agent.llm
  input = "step 80 about ${var.topic} after ${task.t0.output}"
  after = [task.t67, task.t54, task.t41]
}

task "t81" {
  agent = agent.llm
  input = "step 81 about ${var.topic} after ${task.t0.output}"
  after = [task.t68, task.t55, task.t42]
}

task "t82" {
  agent = agent.llm
  input = "step 82 about ${var.topic} after ${task.t0.output}"
  after = [task.t69, task.t56, task.t43]
}

task "t83" {
  agent = agent.llm
  input = "step 83 about ${var.topic} after ${task.t0.output}"
  after = [task.t70, task.t57, task.t44]
}

task "t84" {
  agent = agent.llm
  input = "step 84 about ${var.topic} after ${task.t0.output}"
  after = [task.t71, task.t58, task.t45]
}

task "t85" {
  agent = agent.llm
  input = "step 85 about ${var.topic} after ${task.t0.output}"
  after = [task.t72, task.t59, task.t46]
}

task "t86" {
  agent = agent.llm
  input = "step 86 about ${var.topic} after ${task.t0.output}"
  after = [task.t73, task.t60, task.t47]
}

task "t87" {
  agent = agent.llm
  input = "step 87 about ${var.topic} after ${task.t0.output}"
  after = [task.t74, task.t61, task.t48]
}

task "t88" {
  agent = agent.llm
  input = "step 88 about ${var.topic} after ${task.t0.output}"
  after = [task.t75, task.t62, task.t49]
}

task "t89" {
  agent = agent.llm
  input = "step 89 about ${var.topic} after ${task.t0.output}"
  after = [task.t76, task.t63, task.t50]
}

task "t90" {
  agent = agent.llm
  input = "step 90 about ${var.topic} after ${task.t0.output}"
  after = [task.t77, task.t64, task.t51]
}

task "t91" {
  agent = agent.llm
  input = "step 91 about ${var.topic} after ${task.t0.output}"
  after = [task.t78, task.t65, task.t52]
}

task "t92" {
  agent = agent.llm
  input = "step 92 about ${var.topic} after ${task.t0.output}"
  after = [task.t79, task.t66, task.t53]
}

task "t93" {
  agent = agent.llm
  input = "step 93 about ${var.topic} after ${task.t0.output}"
  after = [task.t80, task.t67, task.t54]
}

task "t94" {
  agent = agent.llm
  input = "step 94 about ${var.topic} after ${task.t0.output}"
  after = [task.t81, task.t68, task.t55]
}

task "t95" {
  agent = agent.llm
  input = "step 95 about ${var.topic} after ${task.t0.output}"
  after = [task.t82, task.t69, task.t56]
}

task "t96" {
  agent = agent.llm
  input = "step 96 about ${var.topic} after ${task.t0.output}"
  after = [task.t83, task.t70, task.t57]
}

task "t97" {
  agent = agent.llm
  input = "step 97 about ${var.topic} after ${task.t0.output}"
  after = [task.t84, task.t71, task.t58]
}

task "t98" {
  agent = agent.llm
  input = "step 98 about ${var.topic} after ${task.t0.output}"
  after = [task.t85, task.t72, task.t59]
}

task "t99" {
  agent = agent.llm
  input = "step 99 about ${var.topic} after ${task.t0.output}"
  after = [task.t86, task.t73, task.t60]
}
