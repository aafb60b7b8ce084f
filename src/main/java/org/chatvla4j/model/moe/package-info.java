/**
 * ChatVLA's static mixture of experts: {@link org.chatvla4j.model.moe.Task} selects the expert of each sample,
 * {@link org.chatvla4j.model.moe.StaticMoe} runs only that expert on the sample's rows, and
 * {@link org.chatvla4j.model.moe.Qwen2Mlp} is the dense FFN both experts start from.
 */
package org.chatvla4j.model.moe;
