DROP TABLE task_list_keys;
